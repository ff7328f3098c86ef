"""A correct script: hplint has nothing to say about it.

`RidgeCV` chooses its own `alpha` by cross-validation, so nothing is hard-coded (HP101).
"""

import sklearn.linear_model as lm
from sklearn.datasets import load_diabetes
from sklearn.model_selection import cross_val_score

X, y = load_diabetes(return_X_y=True)
ridge = lm.RidgeCV(alphas=[0.1, 1.0, 10.0])
print(cross_val_score(ridge, X, y, cv=5).mean())
