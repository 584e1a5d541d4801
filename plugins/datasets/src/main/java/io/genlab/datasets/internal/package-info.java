/**
 * Implementation of the datasets plugin: IDX and CSV parsing, file lookup, checksums and downloads,
 * and the procedural generators. Not API: anything here may change in any release.
 *
 * <p>Unless a member says otherwise, parameters and return values are never {@code null}.
 */
package io.genlab.datasets.internal;
