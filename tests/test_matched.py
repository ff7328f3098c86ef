"""HP101: kernel settings matched across two models are a comparison's control
(rules/matched.py); the shapes are in tests/fixtures/HP101/matched_kernels.py."""

from __future__ import annotations

from conftest import hp101_calls


def test_only_the_shared_kernel_settings_leave_the_finding() -> None:
    source = (
        "from sklearn.preprocessing import PolynomialFeatures\n"
        "from sklearn.svm import SVC\n"
        "features = PolynomialFeatures(degree=2, interaction_only=True)\n"
        "svm = SVC(kernel='poly', degree=2, coef0=1, C=5)\n"
    )
    # The shared degree makes the polynomial kernel (coef0 too) the features' twin.
    assert hp101_calls(source) == ["`PolynomialFeatures(interaction_only=True)`", "`SVC(C=5)`"]


def test_equal_numbers_match_but_a_boolean_does_not() -> None:
    source = (
        "from sklearn.decomposition import KernelPCA\n"
        "from sklearn.kernel_ridge import KernelRidge\n"
        "from sklearn.svm import SVR\n"
        "a = KernelRidge(kernel='poly', coef0=1)\n"
        "b = SVR(kernel='poly', coef0=1.0)\n"
        "c = KernelPCA(kernel='poly', coef0=True)\n"
    )
    assert hp101_calls(source) == ["`KernelPCA(kernel='poly', coef0=True)`"]


def test_a_kernel_name_alone_is_no_match() -> None:
    # Two SVMs of one notebook may each pick a linear kernel: no number of it is shared.
    source = (
        "from sklearn.svm import SVC, SVR\n"
        "a = SVC(kernel='linear', C=1)\n"
        "b = SVR(kernel='linear', C=1)\n"
    )
    assert hp101_calls(source) == ["`SVC(kernel='linear', C=1)`", "`SVR(kernel='linear', C=1)`"]
