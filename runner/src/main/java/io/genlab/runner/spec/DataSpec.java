package io.genlab.runner.spec;

import java.util.List;

/**
 * The spec's {@code data:} section.
 *
 * @param dataset which dataset and its config
 * @param directory where the user keeps dataset files, or {@code null} (then {@code GENLAB_DATA_DIR})
 * @param excludeClasses classes removed from the training split (e.g. the outlier class of an anomaly test)
 * @param offline forbid downloads
 */
public record DataSpec(ComponentRef dataset, String directory, List<Integer> excludeClasses, boolean offline) {}
