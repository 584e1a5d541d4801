package io.genlab.reports.archfixture;

import io.genlab.tracking.internal.FileStoreTracker;

/** Breaks the internal rule for {@code ArchitectureRulesTests}: reports using tracking's internals. */
public final class ReportsUsingTrackingInternal {
  FileStoreTracker internal;
}
