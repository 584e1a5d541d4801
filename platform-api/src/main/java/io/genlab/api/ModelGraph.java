package io.genlab.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.STABLE;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * What a {@link Model} built: its SameDiff graph, the placeholders the trainer feeds, its named
 * outputs and its trainable parameters grouped for optimisers.
 *
 * <p>Placeholders: {@code dataInput} receives a batch reshaped to {@code [batch, ...dataInputShape]};
 * {@code labelInput}, when present, receives one-hot labels {@code [batch, numClasses]}; every
 * {@link NoiseInput} receives fresh noise per step. Outputs are named by role (a VAE exposes
 * {@code mu}, {@code logvar}, {@code logits}; a GAN {@code d_real}, {@code d_fake}) and are the
 * contract between a model and the losses, samplers and metrics of its family.
 *
 * <p>Parameter groups map a group name to variable names. Each group gets its own optimiser; a
 * single-network model uses one group named {@value #DEFAULT_GROUP}, a GAN uses
 * {@code generator} and {@code discriminator}.
 *
 * <p>Not thread-safe: the graph is mutable (losses add ops to it). Build with {@link #builder}.
 *
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public final class ModelGraph {
  /** The name of the parameter group of single-network models. */
  public static final String DEFAULT_GROUP = "model";

  private final SameDiff sameDiff;
  private final String dataInput;
  private final long[] dataInputShape;
  private final String labelInput;
  private final List<NoiseInput> noise;
  private final Map<String, SDVariable> outputs;
  private final Map<String, List<String>> parameterGroups;
  private final List<RunningAverage> runningAverages;

  private ModelGraph(Builder b) {
    this.sameDiff = Check.notNull("sameDiff", b.sameDiff);
    this.dataInput = Check.notNull("dataInput", b.dataInput);
    this.dataInputShape = Check.notNull("dataInputShape", b.dataInputShape).clone();
    this.labelInput = b.labelInput;
    this.noise = List.copyOf(b.noise);
    this.outputs = Map.copyOf(b.outputs);
    Map<String, List<String>> groups = new LinkedHashMap<>();
    b.groups.forEach((k, v) -> groups.put(k, List.copyOf(v)));
    if (groups.isEmpty()) {
      throw new IllegalStateException("a model graph needs at least one parameter group");
    }
    this.parameterGroups = java.util.Collections.unmodifiableMap(groups);
    this.runningAverages = List.copyOf(b.runningAverages);
    for (RunningAverage r : runningAverages) {
      if (!groups.containsKey(r.parameterGroup())) {
        throw new IllegalStateException("running average '" + r.stateVariable() + "' names parameter group '"
            + r.parameterGroup() + "', but the model has " + groups.keySet());
      }
    }
  }

  /** Starts a graph description over {@code sameDiff}. */
  public static Builder builder(SameDiff sameDiff) {
    return new Builder(sameDiff);
  }

  /** The graph, never {@code null}. Losses add their ops to it. */
  public SameDiff sameDiff() {
    return sameDiff;
  }

  /** The name of the data placeholder. */
  public String dataInput() {
    return dataInput;
  }

  /** The per-example shape the data placeholder expects (its product equals the example size). */
  public long[] dataInputShape() {
    return dataInputShape.clone();
  }

  /** The name of the one-hot label placeholder, or {@code null} for unconditional models. */
  public String labelInput() {
    return labelInput;
  }

  /** The noise placeholders, in declaration order. */
  public List<NoiseInput> noise() {
    return noise;
  }

  /** The named outputs. */
  public Map<String, SDVariable> outputs() {
    return outputs;
  }

  /**
   * The output named {@code role}.
   *
   * @throws IllegalArgumentException naming the outputs the model has, when it has no such output
   */
  public SDVariable output(String role) {
    SDVariable v = outputs.get(role);
    if (v == null) {
      throw new IllegalArgumentException(
          "the model has no output '" + role + "'; it has " + new java.util.TreeSet<>(outputs.keySet()));
    }
    return v;
  }

  /** Parameter groups: group name to variable names, in declaration order. */
  public Map<String, List<String>> parameterGroups() {
    return parameterGroups;
  }

  /**
   * The running averages the trainer maintains (batch norm statistics), in declaration order; empty
   * for most models.
   *
   * @since 0.2
   */
  @API(status = EXPERIMENTAL, since = "0.2")
  public List<RunningAverage> runningAverages() {
    return runningAverages;
  }

  /** All trainable variable names, over all groups. */
  public List<String> parameters() {
    List<String> all = new ArrayList<>();
    parameterGroups.values().forEach(all::addAll);
    return all;
  }

  /** Builds a {@link ModelGraph}; not thread-safe. */
  @API(status = STABLE, since = "0.1")
  public static final class Builder {
    private final SameDiff sameDiff;
    private String dataInput;
    private long[] dataInputShape;
    private String labelInput;
    private final List<NoiseInput> noise = new ArrayList<>();
    private final Map<String, SDVariable> outputs = new LinkedHashMap<>();
    private final Map<String, List<String>> groups = new LinkedHashMap<>();
    private final List<RunningAverage> runningAverages = new ArrayList<>();

    private Builder(SameDiff sameDiff) {
      this.sameDiff = sameDiff;
    }

    /** Names the data placeholder and the per-example shape it expects. */
    public Builder dataInput(SDVariable placeholder, long... perExampleShape) {
      this.dataInput = placeholder.name();
      this.dataInputShape = perExampleShape.clone();
      return this;
    }

    /** Names the one-hot label placeholder of a conditional model. */
    public Builder labelInput(SDVariable placeholder) {
      this.labelInput = placeholder.name();
      return this;
    }

    /** Declares a noise placeholder. */
    public Builder noise(NoiseInput input) {
      noise.add(input);
      return this;
    }

    /** Exposes {@code variable} under {@code role}. */
    public Builder output(String role, SDVariable variable) {
      outputs.put(role, variable);
      return this;
    }

    /** Adds trainable variables to a parameter group. */
    public Builder parameters(String group, List<String> variableNames) {
      groups.computeIfAbsent(group, g -> new ArrayList<>()).addAll(variableNames);
      return this;
    }

    /**
     * Declares running averages (e.g. {@code Layers.runningAverages()}) for the trainer to maintain.
     *
     * @since 0.2
     */
    @API(status = EXPERIMENTAL, since = "0.2")
    public Builder runningAverages(List<RunningAverage> averages) {
      runningAverages.addAll(averages);
      return this;
    }

    /** Builds the description. */
    public ModelGraph build() {
      return new ModelGraph(this);
    }
  }

  @Override
  public String toString() {
    return "ModelGraph[data=" + dataInput + Arrays.toString(dataInputShape) + ", labels=" + labelInput
        + ", noise=" + noise + ", outputs=" + outputs.keySet() + ", groups=" + parameterGroups.keySet() + "]";
  }
}
