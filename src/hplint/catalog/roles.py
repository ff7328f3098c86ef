"""Which constructor parameters are hyperparameters, and which are not.

A *hyperparameter* defines the model that fit produces (``C``, ``kernel``, ``max_depth``).
A *non-model* argument does not change the fitted model at all: seeds, parallelism, logging,
memory, copies, what gets stored on the side; it has no place in a search space.
A *setting* steers the fitting procedure (iteration budgets, tolerances, solvers, the
resampling of a search) without changing what model is being fitted; it is not reported as
untuned, but it may legitimately appear in a search space.

The table is reviewed by hand against the parameter names of the whole catalog. When unsure,
a parameter stays a hyperparameter: calling a model parameter "non-model" would produce
false alarms in search spaces, while the opposite only costs recall.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

Role = Literal["hyperparameter", "non-model", "setting"]

# name -> (role, why). Keys are parameter names, or "ClassName.param" for one class.
ROLES: Mapping[str, tuple[Role, str]] = {
    # -- non-model: seeds, parallelism, logging --------------------------------------
    "random_state": ("non-model", "seed of the random number generator"),
    "n_jobs": ("non-model", "number of parallel workers"),
    "pre_dispatch": ("non-model", "how many parallel jobs are dispatched ahead"),
    "verbose": ("non-model", "logging verbosity"),
    "verbose_interval": ("non-model", "how often progress is logged"),
    "evaluate_every": ("non-model", "how often perplexity is computed for logging"),
    # A search fits a fresh clone per candidate, so there is no previous solution to continue
    # from: ``warm_start`` never changes a candidate's model (checked on every scikit-learn
    # estimator that has it: identical cross-validation scores either way).
    "warm_start": ("non-model", "whether fit continues from the previous solution"),
    "callback": ("non-model", "a function called during fit for monitoring"),
    # -- non-model: memory, copies, caching -----------------------------------------
    "copy": ("non-model", "whether the input is copied or modified in place"),
    "copy_X": ("non-model", "whether X is copied or modified in place"),
    "copy_x": ("non-model", "whether X is copied or modified in place"),
    "copy_X_train": ("non-model", "whether the training data is stored as a copy"),
    "memory": ("non-model", "where fitted transformers are cached"),
    "cache_size": ("non-model", "size of the kernel cache in MB"),
    # -- non-model: what is stored or computed on the side --------------------------
    "error_score": ("non-model", "the score recorded when a candidate fit fails"),
    "return_train_score": ("non-model", "whether training scores are also recorded"),
    "store_cv_results": ("non-model", "whether cross-validation values are stored"),
    "store_precision": ("non-model", "whether the precision matrix is stored"),
    "store_covariance": ("non-model", "whether the covariance matrix is stored"),
    "store_centers": ("non-model", "whether cluster centers are stored"),
    "compute_score": ("non-model", "whether the objective is recorded at each iteration"),
    "compute_labels": ("non-model", "whether training labels are computed after fit"),
    "compute_distances": ("non-model", "whether merge distances are stored"),
    "compute_inverse_components": ("non-model", "whether the pseudo-inverse is precomputed"),
    "fit_path": ("non-model", "whether the whole regularization path is stored"),
    "oob_score": ("non-model", "whether the out-of-bag score is computed"),
    # -- non-model: input and output formats -----------------------------------------
    "dtype": ("non-model", "numeric type of the output array"),
    "sparse_output": ("non-model", "whether the output is a sparse matrix"),
    "sparse": ("non-model", "whether the output is a sparse matrix"),
    "dense_output": ("non-model", "whether the output is a dense array"),
    "sparse_threshold": ("non-model", "density below which the output stays sparse"),
    "verbose_feature_names_out": ("non-model", "how output feature names are spelled"),
    "feature_names_out": ("non-model", "how output feature names are spelled"),
    "feature_name_combiner": ("non-model", "how output feature names are spelled"),
    "separator": ("non-model", "separator used in output feature names"),
    "input": ("non-model", "whether documents are given as content, files or file names"),
    "encoding": ("non-model", "text encoding used to decode bytes"),
    "check_inverse": ("non-model", "whether fit checks that inverse_func inverts func"),
    "validate": ("non-model", "whether the input is validated before func is applied"),
    "accept_sparse": ("non-model", "whether sparse input is accepted"),
    # -- settings: iteration budgets and stopping tolerances ------------------------
    "max_iter": ("setting", "iteration budget of the optimizer"),
    "tol": ("setting", "stopping tolerance of the optimizer"),
    "n_iter": ("setting", "number of iterations or sampled candidates"),
    "n_iter_no_change": ("setting", "patience of the stopping criterion"),
    "n_iter_without_progress": ("setting", "patience of the stopping criterion"),
    "max_no_improvement": ("setting", "patience of the stopping criterion"),
    "convergence_iter": ("setting", "patience of the stopping criterion"),
    "min_grad_norm": ("setting", "stopping tolerance of the optimizer"),
    "enet_tol": ("setting", "stopping tolerance of the inner solver"),
    "eigen_tol": ("setting", "stopping tolerance of the eigensolver"),
    "mean_change_tol": ("setting", "stopping tolerance of the E-step"),
    "perp_tol": ("setting", "stopping tolerance on perplexity"),
    "max_doc_update_iter": ("setting", "iteration budget of the E-step"),
    "transform_max_iter": ("setting", "iteration budget of the transform solver"),
    "max_iter_predict": ("setting", "iteration budget of the Newton steps in predict"),
    "max_fun": ("setting", "budget of loss evaluations for L-BFGS"),
    "fresh_restarts_max_iter": ("setting", "iteration budget of the restarts"),
    "max_trials": ("setting", "iteration budget of RANSAC"),
    "max_skips": ("setting", "stopping rule of RANSAC"),
    "stop_n_inliers": ("setting", "stopping rule of RANSAC"),
    "stop_score": ("setting", "stopping rule of RANSAC"),
    "stop_probability": ("setting", "stopping rule of RANSAC"),
    "atol": ("setting", "tolerance of the density approximation"),
    "rtol": ("setting", "tolerance of the density approximation"),
    "n_init": ("setting", "number of restarts; the best one is kept"),
    "n_restarts_optimizer": ("setting", "number of optimizer restarts; the best is kept"),
    # -- settings: solvers and numerical procedures ---------------------------------
    "solver": ("setting", "optimization algorithm for the same objective"),
    "algorithm": ("setting", "algorithm computing the same result (search tree, solver)"),
    "neighbors_algorithm": ("setting", "nearest-neighbour search structure"),
    "leaf_size": ("setting", "leaf size of the search tree; speed only"),
    "eigen_solver": ("setting", "eigensolver for the same decomposition"),
    "svd_solver": ("setting", "SVD solver for the same decomposition"),
    "svd_method": ("setting", "SVD method for the same decomposition"),
    "whiten_solver": ("setting", "solver of the whitening step"),
    "fit_algorithm": ("setting", "solver of the dictionary learning problem"),
    "learning_method": ("setting", "batch or online variational updates"),
    "optimizer": ("setting", "optimizer of the kernel hyperparameters"),
    "path_method": ("setting", "shortest-path algorithm"),
    "gcv_mode": ("setting", "how leave-one-out errors are computed"),
    "selection": ("setting", "coordinate update order of coordinate descent"),
    "precompute": ("setting", "whether a Gram matrix is precomputed; speed only"),
    "iterated_power": ("setting", "power iterations of the randomized SVD"),
    "n_oversamples": ("setting", "oversampling of the randomized SVD"),
    "power_iteration_normalizer": ("setting", "normalization of the power iterations"),
    "compute_full_tree": ("setting", "whether the tree is built past n_clusters; speed only"),
    "breadth_first": ("setting", "tree traversal order; speed only"),
    "block_size": ("setting", "chunk size of a blockwise computation"),
    "shuffle": ("setting", "whether samples are reshuffled between epochs"),
    # -- settings: how a search or cross-validation evaluates -----------------------
    "cv": ("setting", "the cross-validation splitting scheme"),
    "scoring": ("setting", "how candidates are scored"),
    "refit": ("setting", "which candidate is refit on the whole data"),
    "param_grid": ("setting", "the search space itself"),
    "param_distributions": ("setting", "the search space itself"),
    "factor": ("setting", "budget growth of successive halving"),
    "resource": ("setting", "the budget unit of successive halving"),
    "max_resources": ("setting", "budget of successive halving"),
    "min_resources": ("setting", "budget of successive halving"),
    "aggressive_elimination": ("setting", "budget rule of successive halving"),
    "n_candidates": ("setting", "number of candidates of successive halving"),
    # -- settings: initialization of an iterative fit (same objective) -------------
    "init": ("setting", "initialization of an iterative fit; the objective is the same"),
    "init_params": ("setting", "initialization of the mixture's EM fit"),
    "weights_init": ("setting", "initial weights of the mixture's EM fit"),
    "means_init": ("setting", "initial means of the mixture's EM fit"),
    "precisions_init": ("setting", "initial precisions of the mixture's EM fit"),
    "init_size": ("setting", "number of samples used to initialize the centers"),
    "batch_size": ("setting", "mini-batch size of an online fit; speed and memory"),
    "bin_seeding": ("setting", "speed-up of the seeding of mean shift"),
    # -- settings: properties of the data, not of the model -------------------------
    "handle_unknown": ("setting", "how categories unseen in fit are encoded"),
    "unknown_value": ("setting", "code written for categories unseen in fit"),
    "encoded_missing_value": ("setting", "code written for missing values"),
    "categories": ("setting", "the categories the data holds"),
    "missing_values": ("setting", "what marks a missing value in the data"),
    "fill_value": ("setting", "the placeholder written into missing entries"),
    "keep_empty_features": ("setting", "whether all-missing columns are kept in the output"),
    "categorical_features": ("setting", "which features are categorical: a property of the data"),
    "monotonic_cst": ("setting", "monotonicity constraints from domain knowledge"),
    "interaction_cst": ("setting", "interaction constraints from domain knowledge"),
    "target_type": ("setting", "the kind of target: a property of the data"),
    "assume_centered": ("setting", "whether the data is known to be centered"),
    "input_type": ("setting", "the format of the input"),
    "decode_error": ("setting", "what happens to bytes that cannot be decoded"),
    "alternate_sign": ("setting", "False when the next model needs non-negative features"),
    "strip_accents": ("setting", "how the text's characters are normalized: a property of its alphabet"),
    "token_pattern": ("setting", "what a token is in this text: a property of the data"),
    "preprocessor": ("setting", "the user's text-cleaning function: code, not a value to tune"),
    "tokenizer": ("setting", "the user's tokenizing function: code, not a value to tune"),
    "vocabulary": ("setting", "a fixed vocabulary given by the data or the task"),
    # -- settings: what is computed or returned besides the model ------------------
    "probability": ("setting", "whether predict_proba is fitted (Platt scaling); predict is unchanged"),
    "decision_function_shape": ("setting", "shape of decision_function's output"),
    "fit_inverse_transform": ("setting", "whether inverse_transform is learned"),
    "include_bias": ("setting", "a constant column, made redundant by the next model's intercept"),
    "prefit": ("setting", "whether the given estimator is already fitted"),
    "novelty": ("setting", "outlier detection on the training data or novelty detection on new data"),
    "transform_input": ("setting", "metadata routing of the pipeline"),
    "use_legacy_attributes": ("non-model", "which form of the fitted attributes is stored"),
    # -- settings: the objective, which the task and its metric decide ------------------
    "loss": ("setting", "the objective, chosen to match the task and its metric"),
    "beta_loss": ("setting", "the divergence, chosen to match the data"),
    "HistGradientBoostingRegressor.quantile": ("setting", "which quantile is estimated: the task"),
    "QuantileRegressor.quantile": ("setting", "which quantile is estimated: the task"),
    "TweedieRegressor.power": ("setting", "the distribution of the target: the task"),
    # -- settings: the solver or the early-stopping procedure -------------------------
    "dual": ("setting", "primal or dual formulation of the same problem; speed only"),
    "shrinking": ("setting", "a speed heuristic of the SVM solver"),
    "early_stopping": ("setting", "whether training stops on a held-out score; a budget rule"),
    "validation_fraction": ("setting", "share of the training data held out for early stopping"),
    # -- settings: the grid of an estimator that cross-validates itself ------------
    "alphas": ("setting", "the grid the estimator's own cross-validation searches"),
    "Cs": ("setting", "the grid the estimator's own cross-validation searches"),
    "l1_ratios": ("setting", "the grid the estimator's own cross-validation searches"),
    "thresholds": ("setting", "the thresholds the estimator's own cross-validation searches"),
    # -- XGBoost, LightGBM, CatBoost, imbalanced-learn (their own names) ----------
    "nthread": ("non-model", "number of parallel threads"),
    "thread_count": ("non-model", "number of parallel threads"),
    "seed": ("non-model", "seed of the random number generator"),
    "random_seed": ("non-model", "seed of the random number generator"),
    "verbosity": ("non-model", "logging verbosity"),
    "silent": ("non-model", "logging verbosity"),
    "logging_level": ("non-model", "logging verbosity"),
    "metric_period": ("non-model", "how often metrics are computed for logging"),
    "callbacks": ("non-model", "functions called during fit for monitoring"),
    "device": ("non-model", "the device (CPU or GPU) the same model is trained on"),
    "task_type": ("non-model", "the device (CPU or GPU) the same model is trained on"),
    "devices": ("non-model", "which GPUs are used"),
    "device_config": ("non-model", "which GPUs are used"),
    "gpu_ram_part": ("non-model", "share of GPU memory used"),
    "pinned_memory_size": ("non-model", "size of pinned host memory"),
    "used_ram_limit": ("non-model", "memory limit of the CTR computation"),
    "gpu_cat_features_storage": ("non-model", "where categorical features are kept on GPU"),
    "data_partition": ("non-model", "how data is split across GPUs"),
    "train_dir": ("non-model", "directory for training logs"),
    "allow_writing_files": ("non-model", "whether training logs and snapshots are written"),
    "save_snapshot": ("non-model", "whether training snapshots are saved"),
    "snapshot_file": ("non-model", "where training snapshots are saved"),
    "snapshot_interval": ("non-model", "how often training snapshots are saved"),
    "name": ("non-model", "the experiment's name in logs"),
    "metadata": ("non-model", "user data stored with the model"),
    "importance_type": ("non-model", "which importance feature_importances_ reports"),
    "validate_parameters": ("non-model", "whether unknown parameters are warned about"),
    "client": ("non-model", "the Dask client that runs the training"),
    "custom_metric": ("non-model", "metrics computed during training for monitoring"),
    "custom_loss": ("non-model", "metrics computed during training for monitoring"),
    "base_score": ("setting", "the initial prediction (a global bias), estimated from the data by default"),
    "tree_method": ("setting", "split-finding algorithm (exact, approx, hist); mostly speed"),
    "eval_metric": ("setting", "the metric early stopping and logs use, chosen by the task"),
    "early_stopping_rounds": ("setting", "patience of early stopping; a budget rule"),
    "od_type": ("setting", "the early-stopping (overfitting detector) rule; a budget rule"),
    "od_pval": ("setting", "threshold of the overfitting detector; a budget rule"),
    "od_wait": ("setting", "patience of the overfitting detector; a budget rule"),
    "use_best_model": ("setting", "whether the best iteration on the eval set is kept"),
    "best_model_min_trees": ("setting", "lower bound of the best iteration kept"),
    "eval_fraction": ("setting", "share of the training data held out for early stopping"),
    "objective": ("setting", "the objective, chosen to match the task and its metric"),
    "loss_function": ("setting", "the objective, chosen to match the task and its metric"),
    "enable_categorical": ("setting", "whether the data's categorical columns are used as such"),
    "feature_types": ("setting", "the types of the data's features"),
    "missing": ("setting", "what marks a missing value in the data"),
    "cat_features": ("setting", "which features are categorical: a property of the data"),
    "text_features": ("setting", "which features are text: a property of the data"),
    "embedding_features": ("setting", "which features are embeddings: a property of the data"),
    "ignored_features": ("setting", "which features are left out of the data"),
    "class_names": ("setting", "the labels the data holds"),
    "classes_count": ("setting", "the number of classes the data holds"),
    "has_time": ("setting", "whether the data's order is meaningful (time series)"),
    "allow_const_label": ("setting", "whether a constant target is accepted"),
    "monotone_constraints": ("setting", "monotonicity constraints from domain knowledge"),
    "interaction_constraints": ("setting", "interaction constraints from domain knowledge"),
    "subsample_for_bin": ("setting", "samples used to compute the histogram bins; speed"),
    "dev_score_calc_obj_block_size": ("setting", "block size of a blockwise computation"),
    "dev_efb_max_buckets": ("setting", "bucket limit of feature bundling; speed"),
    "FunctionSampler.kw_args": ("setting", "arguments passed to the sampling function"),
    "FunctionSampler.func": ("setting", "the function that resamples the data"),
    "FunctionTransformer.func": ("setting", "the function the step applies: what the step is"),
    "FunctionTransformer.inverse_func": ("setting", "the inverse of the function the step applies"),
    "CatBoost.params": ("setting", "a dict holding the other parameters; its entries are what is tuned"),
    # -- per-class overrides ------------------------------------------------------
    # Mini-batch size steers the network's stochastic optimization.
    "MLPClassifier.batch_size": ("hyperparameter", "the mini-batch size regularizes SGD and adam"),
    "MLPRegressor.batch_size": ("hyperparameter", "the mini-batch size regularizes SGD and adam"),
    "ElasticNetCV.l1_ratio": ("setting", "the grid the estimator's own cross-validation searches"),
    "MultiTaskElasticNetCV.l1_ratio": ("setting", "the grid the estimator's own cross-validation searches"),
    # Embeddings for display: the dimension is 2 or 3 because screens are.
    "TSNE.n_components": ("setting", "dimension of the embedding, chosen for display"),
    "MDS.n_components": ("setting", "dimension of the embedding, chosen for display"),
    "ClassicalMDS.n_components": ("setting", "dimension of the embedding, chosen for display"),
    "Isomap.n_components": ("setting", "dimension of the embedding, chosen for display"),
    "LocallyLinearEmbedding.n_components": ("setting", "dimension of the embedding, chosen for display"),
    "SpectralEmbedding.n_components": ("setting", "dimension of the embedding, chosen for display"),
    # t-SNE is documented by scikit-learn as a tool to visualize high-dimensional data, and
    # it has no transform: it cannot embed new data, so it is never a step of a model. What
    # its parameters shape is a picture (a value that "looks right" is not a model choice).
    "TSNE.perplexity": ("setting", "t-SNE draws a picture (no transform): neighbourhood size of the picture"),
    "TSNE.early_exaggeration": ("setting", "t-SNE draws a picture (no transform): spacing of its clusters"),
    "TSNE.learning_rate": ("setting", "t-SNE draws a picture (no transform): step size of its optimizer"),
    "TSNE.metric": ("setting", "t-SNE draws a picture (no transform): distance it preserves"),
    "TSNE.metric_params": ("setting", "t-SNE draws a picture (no transform): arguments of its distance"),
    "TSNE.method": ("setting", "exact or Barnes-Hut approximation of the same objective"),
    "TSNE.angle": ("setting", "accuracy of the Barnes-Hut approximation; speed only"),
    "MDS.normalized_stress": ("setting", "how the reported stress is normalized"),
    "KBinsDiscretizer.encode": ("setting", "how the bins are encoded in the output"),
    "KBinsDiscretizer.quantile_method": ("setting", "how quantiles are computed"),
    "KBinsDiscretizer.subsample": ("setting", "samples used to compute the bins; speed only"),
    "QuantileTransformer.subsample": ("setting", "samples used to estimate quantiles; speed only"),
    "QuantileTransformer.n_quantiles": ("setting", "resolution of the quantile estimate"),
    "PolynomialFeatures.order": ("non-model", "memory layout of the output array"),
    "SplineTransformer.order": ("non-model", "memory layout of the output array"),
    "MinMaxScaler.feature_range": ("setting", "the output range the next step expects"),
    "MinMaxScaler.clip": ("setting", "whether transform clips to the training range"),
    "KNeighborsTransformer.mode": ("setting", "distances or connectivity in the output graph"),
    "RadiusNeighborsTransformer.mode": ("setting", "distances or connectivity in the output graph"),
    "GraphicalLasso.mode": ("setting", "solver of the same objective"),
    "GraphicalLassoCV.mode": ("setting", "solver of the same objective"),
    "RFE.step": ("setting", "features removed per iteration; speed"),
    "NearestNeighbors.n_neighbors": ("setting", "how many neighbours a query returns by default: no model"),
    "NearestNeighbors.radius": ("setting", "the radius a query uses by default: no model"),
    "GaussianRandomProjection.eps": ("setting", "distortion bound, read only to size n_components='auto'"),
    "SparseRandomProjection.eps": ("setting", "distortion bound, read only to size n_components='auto'"),
    "IsotonicRegression.out_of_bounds": ("setting", "what predict returns outside the training range"),
    "IsotonicRegression.y_min": ("setting", "lower bound of the output, known from the target (a probability)"),
    "IsotonicRegression.y_max": ("setting", "upper bound of the output, known from the target (a probability)"),
    "VotingClassifier.flatten_transform": ("setting", "shape of transform's output"),
    "RFECV.step": ("setting", "features removed per iteration; speed"),
    "CalibratedClassifierCV.ensemble": ("setting", "whether fold calibrators are averaged or one is refit"),
    # A dummy estimator is a baseline, not a model anyone tunes.
    "DummyClassifier.strategy": ("setting", "which baseline is computed"),
    "DummyClassifier.constant": ("setting", "the constant a constant baseline predicts"),
    "DummyRegressor.strategy": ("setting", "which baseline is computed"),
    "DummyRegressor.constant": ("setting", "the constant a constant baseline predicts"),
    "DummyRegressor.quantile": ("setting", "the quantile a quantile baseline predicts"),
    # The multilayer perceptron's solvers train differently-regularized networks.
    "MLPClassifier.solver": ("hyperparameter", "sgd, adam and lbfgs generalize differently"),
    "MLPRegressor.solver": ("hyperparameter", "sgd, adam and lbfgs generalize differently"),
    # Here tol decides how many features are selected.
    "SequentialFeatureSelector.tol": ("hyperparameter", "decides how many features are kept"),
    # eps as numerical precision or as the length of an alpha path, not a model parameter.
    "Lars.eps": ("setting", "machine-precision regularization of the Cholesky steps"),
    "LarsCV.eps": ("setting", "machine-precision regularization of the Cholesky steps"),
    "LassoLars.eps": ("setting", "machine-precision regularization of the Cholesky steps"),
    "LassoLarsCV.eps": ("setting", "machine-precision regularization of the Cholesky steps"),
    "LassoLarsIC.eps": ("setting", "machine-precision regularization of the Cholesky steps"),
    "GraphicalLasso.eps": ("setting", "machine-precision regularization of the Cholesky steps"),
    "GraphicalLassoCV.eps": ("setting", "machine-precision regularization of the Cholesky steps"),
    "ElasticNetCV.eps": ("setting", "length of the alpha path searched by cross-validation"),
    "LassoCV.eps": ("setting", "length of the alpha path searched by cross-validation"),
    "MultiTaskElasticNetCV.eps": ("setting", "length of the alpha path searched by CV"),
    "MultiTaskLassoCV.eps": ("setting", "length of the alpha path searched by CV"),
    "MDS.eps": ("setting", "stopping tolerance of SMACOF"),
}

# Values that are not a hard-coded choice of a hyperparameter: HP101 reads these tables at
# lint time (the catalog's role is per parameter, these are per value). Keys as in ROLES.

# "Let the library decide": the value asks the estimator to pick from the data or from the
# library's own default.
AUTOMATIC_VALUES: Mapping[object, str] = {
    "auto": "the estimator chooses the value from the data",
}

# Libraries whose scikit-learn wrappers document None as "use the library's own default" for
# every parameter defaulting to None (XGBoost's XGBModel, CatBoost's constructors).
LIBRARY_DEFAULT_NONE: Mapping[str, str] = {
    "xgboost": "None: XGBoost uses its own default",
    "catboost": "None: CatBoost uses its own default",
}

# Parameters where None is documented as "computed from the data", "the kernel's or the
# metric's own default" or "no extra arguments": an explicit None chooses nothing. A key
# without a class applies to every class whose default for it is None (the scikit-learn
# docstrings of each class with the parameter were read: they all say the same).
AUTOMATIC_NONE: Mapping[str, str] = {
    "priors": "None: the class priors are the class proportions of the training data",
    "class_prior": "None: the class priors are estimated from the training data",
    "metric_params": "None: no extra keyword arguments for the metric",
    "kernel_params": "None: no extra keyword arguments for the kernel",
    "DBSCAN.p": "None: the Minkowski power is 2 (Euclidean); read only by the Minkowski metric",
    "KernelRidge.gamma": "None: the kernel's own default",
    "MeanShift.bandwidth": "None: estimated from the data (estimate_bandwidth)",
    "MeanShift.seeds": "None: computed by binning the data",
    "AffinityPropagation.preference": "None: the median of the input similarities",
    "RANSACRegressor.residual_threshold": "None: the median absolute deviation of y",
    "LassoLarsIC.noise_variance": "None: estimated by an OLS fit",
    "BayesianRidge.alpha_init": "None: 1/Var(y), a starting point that fit optimizes",
    "BayesianRidge.lambda_init": "None: 1, a starting point that fit optimizes",
    "BayesianGaussianMixture.mean_prior": "None: the mean of X",
    "BayesianGaussianMixture.covariance_prior": "None: the empirical covariance of X",
    "BayesianGaussianMixture.degrees_of_freedom_prior": "None: n_features",
    "MinCovDet.support_fraction": "None: the minimum support the algorithm allows",
    "EllipticEnvelope.support_fraction": "None: the minimum support the algorithm allows",
    "SpectralEmbedding.n_neighbors": "None: max(n_samples / 10, 1)",
    "TheilSenRegressor.n_subsamples": "None: computed from the data's dimensions",
    "KernelPCA.gamma": "None: 1/n_features",
    "Nystroem.gamma": "None: the kernel's own default",
    "SpectralEmbedding.gamma": "None: 1/n_features",
    "GaussianProcessRegressor.kernel": "None: a default kernel whose parameters fit optimizes",
    "GaussianProcessClassifier.kernel": "None: a default kernel whose parameters fit optimizes",
}

# A value that the kind of data or the use decides, not a modelling choice: parameter ->
# (values, why). Values are compared with their type: False here never matches 0.
SETTING_VALUES: Mapping[str, tuple[tuple[object, ...], str]] = {
    "SimpleImputer.strategy": (
        ("most_frequent", "constant"),
        "categorical columns have no mean or median: the data decides",
    ),
    "StandardScaler.with_mean": (
        (False,), "sparse input cannot be centered: the data's format decides"
    ),
    "GaussianProcessRegressor.alpha": (
        (0, 0.0), "no noise added to the diagonal: noiseless data, or a WhiteKernel that fit tunes"
    ),
    "RFE.n_features_to_select": (
        (1,), "eliminating down to one feature ranks them all (ranking_ is the output)"
    ),
    "SelectKBest.k": (("all",), "keeps every feature: the selector only scores them"),
    "LinearDiscriminantAnalysis.n_components": (
        (1,), "the only value a two-class target allows (min(n_classes - 1, n_features)), the default's there"
    ),
}

# The same, for a parameter of every class that has it (``SETTING_VALUES`` names its class).
# ``fit_intercept=False`` says the data has no intercept to fit (centred data, a constant
# column of its own, a model through the origin by its definition): a fact of the data,
# stated once, that no search is run over (the default, True, is what to keep when unsure).
SETTING_VALUES_ANY_CLASS: Mapping[str, tuple[tuple[object, ...], str]] = {
    "fit_intercept": ((False,), "no intercept to fit: the data is centred or holds its own constant column"),
}

# Decompositions and embeddings whose n_components of 2 or 3 is chosen for a plot (screens
# have two dimensions), when the result is not a step of a model: by module prefix.
DISPLAY_COMPONENTS: tuple[str, ...] = (
    "sklearn.decomposition.",
    "sklearn.manifold.",
    "sklearn.cross_decomposition.",
    "sklearn.random_projection.",
    "sklearn.discriminant_analysis.LinearDiscriminantAnalysis",
    "sklearn.neighbors.NeighborhoodComponentsAnalysis",
)
DISPLAY_DIMENSIONS: frozenset[int] = frozenset({2, 3})


def value_setting(
    class_name: str, name: str, value: object, library: str, default_none: bool = False
) -> str | None:
    """Why ``value`` given for parameter ``name`` of ``class_name`` is no hard-coded choice of
    a hyperparameter (``library``: the class's top-level package; ``default_none``: whether
    None is the parameter's default), or None when it is one."""
    if isinstance(value, str) and value in AUTOMATIC_VALUES:
        return AUTOMATIC_VALUES[value]
    key = f"{class_name}.{name}"
    if value is None:
        by_name = AUTOMATIC_NONE.get(name) if default_none else None
        return AUTOMATIC_NONE.get(key) or by_name or LIBRARY_DEFAULT_NONE.get(library)
    values = SETTING_VALUES.get(key) or SETTING_VALUES_ANY_CLASS.get(name)
    if values is not None and any(type(v) is type(value) and v == value for v in values[0]):
        return values[1]
    if key in UNIT_WEIGHTS and isinstance(value, dict) and value and all(_unit(v) for v in value.values()):
        return "every weight is 1: the output is the same as with no weights"
    return None


# Per-transformer weights that multiply each transformer's output: all 1, they change
# nothing (tests/test_tuning.py asks scikit-learn).
UNIT_WEIGHTS: frozenset[str] = frozenset({"FeatureUnion.transformer_weights", "ColumnTransformer.transformer_weights"})


def _unit(value: object) -> bool:
    return type(value) in (int, float) and value == 1


# Constraint types that mark a parameter as non-model whatever its name.
_NON_MODEL_CONSTRAINTS = frozenset({"random_state", "verbose"})


def role_for(
    class_name: str, name: str, constraints: Sequence[Mapping[str, Any]] | None
) -> Role:
    """The role of parameter ``name`` of class ``class_name`` given its declared constraints."""
    override = ROLES.get(f"{class_name}.{name}")
    if override is not None:
        return override[0]
    if constraints and any(c.get("type") in _NON_MODEL_CONSTRAINTS for c in constraints):
        return "non-model"
    entry = ROLES.get(name)
    return entry[0] if entry is not None else "hyperparameter"


def reason_for(class_name: str, name: str) -> str | None:
    """Why a parameter has the role the table gives it (None when the table is silent)."""
    entry = ROLES.get(f"{class_name}.{name}") or ROLES.get(name)
    return entry[1] if entry is not None else None
