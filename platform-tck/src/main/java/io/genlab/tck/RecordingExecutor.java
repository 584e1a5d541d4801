package io.genlab.tck;

import io.genlab.api.Objective;
import io.genlab.api.Objectives;
import io.genlab.engine.exec.GraphExecutor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An executor that records every forward call (copies of its feeds and results) of the executor it
 * wraps, so that another executor can be asked the same questions. Not thread-safe.
 */
final class RecordingExecutor implements GraphExecutor {
  private final GraphExecutor inner;
  private final Recording recording;

  /** A forward call: what was fed and what came out. */
  record Call(Map<String, INDArray> feeds, Map<String, INDArray> outputs) {}

  /** The calls recorded so far. */
  static final class Recording {
    private final List<Call> calls = new ArrayList<>();

    List<Call> calls() {
      return calls;
    }

    void clear() {
      calls.clear();
    }
  }

  private RecordingExecutor(GraphExecutor inner, Recording recording) {
    this.inner = inner;
    this.recording = recording;
  }

  /** Executors of {@code inner}'s kind that record into {@code recording}. */
  static GraphExecutor.Factory factory(GraphExecutor.Factory inner, Recording recording) {
    return (sd, objectives) -> new RecordingExecutor(inner.create(sd, objectives), recording);
  }

  @Override
  public Step gradients(Map<String, INDArray> feeds, Objective objective, List<String> parameters, Collection<String> outputs) {
    return inner.gradients(feeds, objective, parameters, outputs);
  }

  @Override
  public Map<String, INDArray> output(Map<String, INDArray> feeds, Collection<String> outputs) {
    Map<String, INDArray> out = inner.output(feeds, outputs);
    Map<String, INDArray> fed = new LinkedHashMap<>();
    feeds.forEach((k, v) -> fed.put(k, v.dup()));
    Map<String, INDArray> results = new LinkedHashMap<>();
    out.forEach((k, v) -> results.put(k, v.dup()));
    recording.calls().add(new Call(fed, results));
    return out;
  }

  @Override
  public INDArray parameter(String name) {
    return inner.parameter(name);
  }
}
