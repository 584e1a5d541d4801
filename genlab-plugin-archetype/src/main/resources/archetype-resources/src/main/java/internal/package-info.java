/**
 * The ${familyName} family's components; not API: users name them in specs, other code never calls them.
 *
 * <p>Not thread-safe. Nothing here accepts or returns {@code null} unless its documentation says so.
 */
package ${package}.internal;
