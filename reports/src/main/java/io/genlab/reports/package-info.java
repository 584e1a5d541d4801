/**
 * Turns tracked runs into comparison reports: {@link io.genlab.reports.ComparisonReport} reads runs
 * through a {@link io.genlab.tracking.Tracker} and renders a Markdown or CSV table.
 *
 * <p>Unless a method says otherwise, parameters and return values are never {@code null}.
 */
package io.genlab.reports;
