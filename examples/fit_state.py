"""Cross-validate a ridge regression, then inspect its coefficients.

`cross_val_score` fits copies of `model`, so `model` itself is never fitted
(HP201, HP202), and a linear model has no `feature_importances_` (HP203).
"""

from sklearn.datasets import load_diabetes
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.model_selection import cross_val_score

X, y = load_diabetes(return_X_y=True)

model = Ridge(alpha=1.0)  # noqa: HP101 - chosen from an earlier study
scores = cross_val_score(model, X, y, cv=5)
print(scores.mean(), model.coef_)
print(model.predict(X[:5]))

baseline = LinearRegression().fit(X, y)
print(baseline.feature_importances_)
