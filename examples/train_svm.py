"""Train a support-vector classifier on the digits data set.

This script has two mistakes that scikit-learn only reports at run time:
a misspelt keyword (HP401) and a kernel name it does not know (HP402).
`C=10.0` is a hyperparameter fixed by hand and never tuned (HP101).
"""

from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.svm import SVC

X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)

model = SVC(C=10.0, kernel="rbff", gama=0.001)
model.fit(X_train, y_train)
print(f"test accuracy: {model.score(X_test, y_test):.3f}")
