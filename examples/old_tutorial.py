"""Logistic regression on one-hot encoded categories, as an older tutorial wrote it.

`SGDClassifier(loss="log")` (deprecated in scikit-learn 1.1) and
`OneHotEncoder(sparse=False)` (deprecated in 1.2) were removed since (HP403): on a
current release this script fails before it trains anything.
"""

from sklearn.linear_model import SGDClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder

X = [["red", "small"], ["blue", "large"], ["red", "large"], ["blue", "small"]]
y = [0, 1, 1, 0]

model = make_pipeline(OneHotEncoder(sparse=False), SGDClassifier(loss="log"))
model.fit(X, y)
print(model.predict([["red", "small"]]))
