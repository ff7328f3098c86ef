"""A correct script: hplint has nothing to say about it."""

import sklearn.linear_model as lm
from sklearn.datasets import load_diabetes
from sklearn.model_selection import cross_val_score

X, y = load_diabetes(return_X_y=True)
ridge = lm.Ridge(alpha=1.0)
print(cross_val_score(ridge, X, y, cv=5).mean())
