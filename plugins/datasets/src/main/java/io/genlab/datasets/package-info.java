/**
 * The built-in datasets plugin: MNIST-family IDX files, scikit-learn's digits, procedural 2-D toy
 * distributions and procedural shape images, each configured by a record of this package.
 *
 * <p>Unless a member says otherwise, parameters and return values are never {@code null}. Config
 * records are immutable and thread-safe.
 */
package io.genlab.datasets;
