package io.genlab.quality.internal;

/**
 * The math of the classifier-based sample metrics as pure functions of feature and logit rows, apart
 * from the classifier that produced them, so that a reference computation can feed them directly.
 * Stateless and thread-safe.
 */
public final class ClassifierScores {
  private ClassifierScores() {}

  /**
   * The share of rows whose most likely class (the first on ties) is their label.
   *
   * @param logits one row of class scores per example
   * @param labels one label per row
   * @throws IllegalArgumentException when a label is outside the classes or the counts differ
   */
  public static double accuracy(double[][] logits, int[] labels) {
    if (logits.length != labels.length || logits.length == 0) {
      throw new IllegalArgumentException("accuracy needs one label per row and at least one row, found "
          + logits.length + " rows and " + labels.length + " labels");
    }
    int correct = 0;
    for (int i = 0; i < logits.length; i++) {
      int classes = logits[i].length;
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException("label " + i + " must be in [0, " + classes + "), found " + labels[i]);
      }
      correct += Metrics.argmax(logits[i], 0, classes) == labels[i] ? 1 : 0;
    }
    return correct / (double) logits.length;
  }
}
