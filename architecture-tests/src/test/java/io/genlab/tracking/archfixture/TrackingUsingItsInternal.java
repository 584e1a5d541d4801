package io.genlab.tracking.archfixture;

import io.genlab.tracking.internal.FileStoreTracker;

/** Keeps the internal rule for {@code ArchitectureRulesTests}: tracking using its own internals. */
public final class TrackingUsingItsInternal {
  FileStoreTracker internal;
}
