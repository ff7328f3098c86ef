"""A scaled random forest and k-means on the iris data set.

`max_depth=0` and `n_clusters=1.5` are rejected by scikit-learn's parameter
constraints, but only once `fit` is called (HP402). `n_estimators=200` is a
hyperparameter fixed by hand and never tuned (HP101).
"""

from sklearn import cluster
from sklearn.datasets import load_iris
from sklearn.ensemble import RandomForestClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

X, y = load_iris(return_X_y=True)

forest = make_pipeline(
    StandardScaler(),
    RandomForestClassifier(n_estimators=200, max_depth=0, random_state=0),
)
forest.fit(X, y)

clusters = cluster.KMeans(n_clusters=1.5, n_init="auto").fit_predict(X)
