"""Tune a scaled SVM with a grid search over the pipeline's steps.

The grid mixes a seed into the search space (HP301), misspells a step's
parameter (HP302) and "searches" a kernel with one candidate (HP102).
"""

from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

X, y = load_breast_cancer(return_X_y=True)

pipeline = make_pipeline(StandardScaler(), SVC(random_state=0))
param_grid = {
    "svc__C": [0.1, 1.0, 10.0],
    "svc__gama": [0.001, 0.01],
    "svc__kernel": ["rbf"],
    "svc__random_state": [0, 1, 2],
}
search = GridSearchCV(pipeline, param_grid, cv=5)
search.fit(X, y)
print(search.best_params_)
