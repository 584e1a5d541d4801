/**
 * The ${familyName} family: a diagonal Gaussian density on flattened examples, its negative log-likelihood loss, a
 * sampler and a test NLL metric, with their config records and the plugin that binds them by name.
 *
 * <p>Config records are immutable and thread-safe; models and components are not thread-safe. Nothing
 * here accepts or returns {@code null} unless its documentation says so.
 */
package ${package};
