package io.genlab.engine.exec.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BaseOp;
import org.nd4j.linalg.api.ops.BaseReduceOp;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.ReduceOp;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.ops.impl.shape.Reshape;
import org.nd4j.linalg.api.ops.impl.transforms.same.Identity;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Compiles a SameDiff graph into a {@link Plan} for one set of wanted variables and one shape of every
 * placeholder.
 *
 * <p>Only the ops the wanted variables depend on are kept, in a topological order fixed once. Each op
 * is executed once while compiling, so every output shape is known from real inputs and every array
 * is allocated exactly once. Ops whose result cannot change between runs (all inputs constant, or an
 * op that reads only its input's shape such as {@code shape_of} and {@code zeroslike}) are folded:
 * computed here and never again. Identities and C-order reshapes of contiguous arrays become views.
 *
 * <p>The planner knows a fixed list of ops whose output shapes depend only on input shapes; anything
 * else (control flow, in-graph random numbers, value-dependent shapes, {@code assign}, which SameDiff
 * runs in place on its first input) is refused with an {@link UnsupportedGraphException} naming the
 * op, and the caller runs that graph through SameDiff.
 */
public final class PlanCompiler {

  /** The rewrites tried on every op, in order; the first that applies and agrees with the op wins. */
  private static List<Rewrite> rewriteSet() {
    GroupNormFusion groupNorm = new GroupNormFusion();
    return List.of(groupNorm, new GroupNormGradientFusion(groupNorm), new BatchNormGradientFusion(),
        new LogitCrossEntropyFusion(), new SiluFusion(groupNorm), new ZeroAdditions(), new GemmRewrites(),
        new FewChannelConvolutions(), new UnreadGradients(), new DirectConvolutions(), new TransposedConvolutions(),
        new ChannelMeans(), new SmallReductions(),
        new Activations(), new TranscendentalActivations(), new ElementwiseArithmetic(), new BroadcastGradients());
  }

  /**
   * Ops that may write only part of their output (scattering a gradient into zeros): their outputs get
   * buffers of their own, which keep the zeros they were allocated with.
   */
  private static final Set<String> PARTIAL_WRITERS = Set.of("slice_bp", "strided_slice_bp", "gather_bp",
      "pad", "tile_bp", "concat_bp", "split", "split_v", "unstack", "onehot", "cumsum_bp");

  /** Ops whose outputs depend only on their inputs' shapes, never their values. */
  static final Set<String> SHAPE_ONLY = Set.of("shape_of", "size", "rank", "zeroslike", "ones_as", "zeros_as");

  /** The ops the planner runs: deterministic, output shapes a function of input shapes and constants. */
  static final Set<String> KNOWN = Set.of(
      // element-wise transforms (legacy and custom)
      "abs", "neg", "exp", "log", "log1p", "sign", "sigmoid", "tanh", "sqrt", "rsqrt", "square", "cos", "sin",
      "floor", "ceil", "round", "softplus", "softsign", "swish", "elu", "selu", "gelu", "reciprocal", "identity",
      "relu", "relu6", "leakyrelu", "step", "pow", "pow_pairwise", "clipbyvalue", "ClipByValue", "cast", "erf",
      "hardtanh", "hardsigmoid", "expm1", "timesoneminus", "oneminus", "cube",
      // scalar ops
      "add_scalar", "sub_scalar", "mul_scalar", "div_scalar", "rsub_scalar", "rdiv_scalar", "max_scalar",
      "min_scalar", "greater_scalar", "less_scalar", "greaterthanorequal_scalar", "lessthanorequal_scalar",
      // broadcasting binary ops
      "add", "subtract", "multiply", "divide", "reversesubtract", "reversedivide", "maximum", "minimum",
      "squaredsubtract", "floordiv", "floormod", "mod", "realdiv", "truncatediv", "greater", "less",
      "greater_equal", "less_equal", "equals", "not_equals",
      // reductions
      "reduce_mean", "reduce_sum", "reduce_max", "reduce_min", "reduce_prod", "reduce_norm2", "reduce_norm1",
      "reduce_sqnorm", "reduce_variance", "reduce_stdev", "reduce_logsumexp", "argmax", "argmin", "std", "var",
      "reduce_mean_bp", "reduce_sum_bp", "reduce_max_bp", "reduce_min_bp", "reduce_norm2_bp", "reduce_sqnorm_bp",
      "reduce_variance_bp", "reduce_stdev_bp", "cumsum", "cumsum_bp",
      // linear algebra, convolution
      "matmul", "matmul_bp", "mmul", "matrix_inverse", "matrix_determinant", "log_matrix_determinant",
      "tensormmul", "tensormmul_bp", "biasadd", "biasadd_bp", "xw_plus_b",
      "conv1d", "conv1d_bp", "conv2d", "conv2d_bp", "deconv2d", "deconv2d_bp", "depthwise_conv2d",
      "depthwise_conv2d_bp", "avgpool2d", "avgpool2d_bp", "maxpool2d", "maxpool2d_bp", "upsampling2d",
      "upsampling2d_bp",
      // shapes and indexing (shapes fixed by the compiled input shapes)
      "reshape", "shape_of", "size", "rank", "transpose", "permute", "expand_dims", "squeeze", "concat",
      "concat_bp", "stack", "unstack", "slice", "slice_bp", "strided_slice", "strided_slice_bp", "gather",
      "gather_bp", "tile", "tile_bp", "repeat", "pad", "zeroslike", "ones_as", "zeros_as", "onehot", "fill",
      "split", "split_v", "stop_gradient", "broadcast_to", "mergeadd", "mergesum", "add_n", "flatten_2d",
      // activation and loss gradients
      "abs_bp", "add_bp", "subtract_bp", "multiply_bp", "divide_bp", "reversesubtract_bp", "reversedivide_bp",
      "squaredsubtract_bp", "maximum_bp", "minimum_bp", "sigmoid_bp", "tanh_bp", "relu_bp", "thresholdedrelu_bp",
      "lrelu_bp", "leakyrelu_bp", "elu_bp", "selu_bp", "softplus_bp", "softsign_bp", "swish_bp", "gelu_bp",
      "relu6_bp", "hardtanh_bp", "_powderivative", "hardsigmoid_bp", "cube_bp", "rationaltanh_bp", "rectifiedtanh_bp",
      "softmax", "softmax_bp", "log_softmax", "log_softmax_bp", "clipbyvalue_bp", "pow_bp", "mergeadd_bp",
      "rationaltanh");

  private final SameDiff graph;
  private final boolean rewrites;
  private final Parallel parallel;
  private final List<Rewrite> rewriteSet = rewriteSet();
  private final Map<String, INDArray> values = new HashMap<>();
  private final Set<String> constant = new HashSet<>();
  private final Map<String, INDArray> slots = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();
  private final Scratch scratch = new Scratch();
  private final ArrayPool pool = new ArrayPool();
  private final Map<String, INDArray> zeros = new HashMap<>();
  private Map<String, Integer> lastUse = Map.of();
  private Set<String> planOps = Set.of();
  /** The step compiled for each op, by op name; an op whose work a later fusion absorbed maps to none. */
  private final Map<String, PlanStep> stepOfOp = new LinkedHashMap<>();
  private Set<String> wanted = Set.of();
  /** Whether the op being compiled may write into a buffer shared over time (see {@link #PARTIAL_WRITERS}). */
  private boolean shareable;

  private PlanCompiler(SameDiff graph, boolean rewrites, Parallel parallel) {
    this.graph = graph;
    this.rewrites = rewrites;
    this.parallel = parallel;
  }

  /**
   * Compiles {@code graph} so that one run yields {@code wanted}, and runs it once on {@code feeds}.
   *
   * @param wanted variable names the plan must produce
   * @param feeds a value for every placeholder the wanted variables depend on; their shapes are compiled in
   * @param rewrites whether hot op patterns are replaced by fused kernels
   * @throws UnsupportedGraphException when an op the wanted variables need cannot be planned
   */
  public static Plan compile(SameDiff graph, Collection<String> wanted, Map<String, INDArray> feeds, boolean rewrites) {
    return compile(graph, wanted, feeds, rewrites, Parallel.single());
  }

  /** As {@link #compile(SameDiff, Collection, Map, boolean)}, Java kernels splitting work over {@code parallel}. */
  public static Plan compile(SameDiff graph, Collection<String> wanted, Map<String, INDArray> feeds, boolean rewrites,
      Parallel parallel) {
    return new PlanCompiler(graph, rewrites, parallel).build(wanted, feeds);
  }

  private Plan build(Collection<String> wantedNames, Map<String, INDArray> feeds) {
    wanted = new LinkedHashSet<>(wantedNames);
    List<SameDiffOp> order = order(neededOps(wanted));
    planOps = new HashSet<>();
    order.forEach(op -> planOps.add(op.getName()));
    if (rewrites) {
      rewriteSet.forEach(r -> r.prepare(graph, order, wanted));
    }
    List<List<String>> reads = new ArrayList<>(order.size());
    order.forEach(op -> reads.add(readsOf(op)));
    lastUse = lastUses(reads);
    for (int i = 0; i < order.size(); i++) {
      SameDiffOp op = order.get(i);
      if (op.getInputsToOp() != null) {
        for (String input : op.getInputsToOp()) {
          bindLeaf(input, feeds);
        }
      }
      compileOp(op);
      // Buffers of values no later op reads serve the arrays of later ops.
      for (String read : reads.get(i)) {
        if (lastUse.getOrDefault(read, -1) == i) {
          pool.release(read);
        }
      }
      for (String output : op.getOutputsOfOp()) {
        if (!lastUse.containsKey(output)) {
          pool.release(output);
        }
      }
      pool.endOp();
    }
    Map<String, INDArray> outputs = new LinkedHashMap<>();
    for (String name : wanted) {
      bindLeaf(name, feeds);
      outputs.put(name, values.get(name));
    }
    List<INDArray> retained = new ArrayList<>(values.values());
    retained.addAll(pool.arrays());
    List<PlanStep> steps = stepOfOp.values().stream().filter(java.util.Objects::nonNull).toList();
    return new Plan(slots, steps, outputs, pool.bytes(), notes, retained);
  }

  /** For every variable, the position of the last op that reads it ({@code reads} in op order); wanted ones live on. */
  private Map<String, Integer> lastUses(List<List<String>> reads) {
    Map<String, Integer> last = new HashMap<>();
    for (int i = 0; i < reads.size(); i++) {
      for (String read : reads.get(i)) {
        last.put(read, i);
      }
    }
    wanted.forEach(w -> last.put(w, Integer.MAX_VALUE));
    return last;
  }

  /** The variables {@code op}'s step may read: its inputs and what a rewrite of it may read besides. */
  private List<String> readsOf(SameDiffOp op) {
    List<String> reads = new ArrayList<>();
    if (op.getInputsToOp() != null) {
      reads.addAll(op.getInputsToOp());
    }
    if (rewrites) {
      for (Rewrite rewrite : rewriteSet) {
        reads.addAll(rewrite.extraReads(op, graph));
      }
    }
    return reads;
  }

  /** Sets the value of a computed variable, keeping it whole for the plan's life when it is wanted. */
  private void setValue(String name, INDArray array) {
    values.put(name, array);
    pool.bind(name, array);
    if (wanted.contains(name) || constant.contains(name)) {
      pool.pin(name);
    }
  }

  /** The ops that the wanted variables depend on. */
  private Set<String> neededOps(Collection<String> wanted) {
    Set<String> needed = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(wanted);
    while (!todo.isEmpty()) {
      String name = todo.pop();
      Variable v = graph.getVariables().get(name);
      if (v == null) {
        throw new IllegalArgumentException("the graph has no variable '" + name + "'");
      }
      String producer = v.getOutputOfOp();
      if (producer != null && needed.add(producer)) {
        SameDiffOp op = graph.getOps().get(producer);
        if (notEmpty(op.getControlDeps()) || notEmpty(op.getVarControlDeps())) {
          throw new UnsupportedGraphException("op " + op.getOp().opName() + " '" + producer + "' has control dependencies");
        }
        if (op.getInputsToOp() != null) {
          todo.addAll(op.getInputsToOp());
        }
      }
    }
    return needed;
  }

  /** {@code needed} in a topological order, ties broken by the graph's own op order (deterministic). */
  private List<SameDiffOp> order(Set<String> needed) {
    Map<String, Integer> position = new HashMap<>();
    int index = 0;
    for (String name : graph.getOps().keySet()) {
      position.put(name, index++);
    }
    Map<String, Integer> pending = new HashMap<>();
    Map<String, List<String>> consumers = new HashMap<>();
    for (String name : needed) {
      SameDiffOp op = graph.getOps().get(name);
      Set<String> producers = new HashSet<>();
      for (String input : op.getInputsToOp() == null ? List.<String>of() : op.getInputsToOp()) {
        String producer = graph.getVariables().get(input).getOutputOfOp();
        if (producer != null && needed.contains(producer)) {
          producers.add(producer);
        }
      }
      pending.put(name, producers.size());
      producers.forEach(p -> consumers.computeIfAbsent(p, k -> new ArrayList<>()).add(name));
    }
    PriorityQueue<String> ready = new PriorityQueue<>((a, b) -> Integer.compare(position.get(a), position.get(b)));
    pending.forEach((name, count) -> {
      if (count == 0) {
        ready.add(name);
      }
    });
    List<SameDiffOp> out = new ArrayList<>();
    while (!ready.isEmpty()) {
      String name = ready.poll();
      out.add(graph.getOps().get(name));
      for (String consumer : consumers.getOrDefault(name, List.of())) {
        if (pending.merge(consumer, -1, Integer::sum) == 0) {
          ready.add(consumer);
        }
      }
    }
    if (out.size() != needed.size()) {
      throw new UnsupportedGraphException("the graph has a cycle (loops are control flow)");
    }
    return out;
  }

  /** Binds a variable that no op produces: a constant, a trainable variable, or a placeholder. */
  private void bindLeaf(String name, Map<String, INDArray> feeds) {
    if (values.containsKey(name)) {
      return;
    }
    SDVariable v = graph.getVariable(name);
    switch (v.getVariableType()) {
      case CONSTANT -> {
        values.put(name, graph.getArrForVarName(name));
        constant.add(name);
      }
      case VARIABLE -> values.put(name, graph.getArrForVarName(name));
      case PLACEHOLDER -> {
        INDArray feed = feeds.get(name);
        if (feed == null) {
          throw new IllegalArgumentException("no value for placeholder '" + name + "'");
        }
        INDArray slot = pool.allocate(feed.dataType(), feed.shape(), false);
        slot.assign(feed);
        slots.put(name, slot);
        values.put(name, slot);
      }
      default -> throw new IllegalStateException("variable '" + name + "' has no value yet: the op order is wrong");
    }
  }

  private void compileOp(SameDiffOp sdo) {
    DifferentialFunction df = sdo.getOp();
    String opName = df.opName();
    if (!KNOWN.contains(opName)) {
      throw new UnsupportedGraphException("op " + opName + " '" + sdo.getName() + "' ("
          + df.getClass().getSimpleName() + ") is not one the planner knows");
    }
    List<String> inputs = sdo.getInputsToOp() == null ? List.of() : sdo.getInputsToOp();
    List<String> outputs = sdo.getOutputsOfOp();
    INDArray[] args = new INDArray[inputs.size()];
    boolean allConstant = true;
    for (int i = 0; i < args.length; i++) {
      args[i] = values.get(inputs.get(i));
      allConstant &= constant.contains(inputs.get(i));
    }
    boolean fold = allConstant || SHAPE_ONLY.contains(opName);
    shareable = !fold && !PARTIAL_WRITERS.contains(opName);
    if (df instanceof Identity) {
      if (allConstant) {
        constant.add(outputs.get(0));
      }
      setValue(outputs.get(0), args[0]);
      return;
    }
    if ((opName.equals("zeroslike") || opName.equals("zeros_as")) && args.length == 1) {
      // One array of zeros per shape serves every zeros_like of the graph (a U-Net's gradient has dozens).
      DataType type = graph.getVariable(outputs.get(0)).dataType();
      String key = type + java.util.Arrays.toString(args[0].shape());
      constant.add(outputs.get(0));
      setValue(outputs.get(0), zeros.computeIfAbsent(key, k -> pool.allocate(type, args[0].shape(), false)));
      return;
    }
    PlanStep step;
    if (df instanceof CustomOp custom) {
      step = customOp((DynamicCustomOp) custom, args, outputs, sdo.getName());
    } else if (df instanceof Op legacy) {
      step = legacyOp(legacy, args, inputs, outputs, sdo.getName());
    } else {
      throw new UnsupportedGraphException("op " + opName + " '" + sdo.getName() + "' is neither a custom nor a legacy op");
    }
    if (step == null) {
      return;
    }
    step.run();
    if (fold) {
      constant.addAll(outputs);
      outputs.forEach(pool::pin);
      return;
    }
    stepOfOp.put(sdo.getName(), rewrites ? rewrite(sdo, args, step) : step);
  }

  /**
   * The first rewrite's replacement of {@code step} whose results agree with the op's own (which
   * {@code step} has just computed), or {@code step} itself; null when every output became an alias.
   */
  private PlanStep rewrite(SameDiffOp sdo, INDArray[] args, PlanStep step) {
    List<String> outputs = sdo.getOutputsOfOp();
    INDArray[] results = new INDArray[outputs.size()];
    for (int i = 0; i < results.length; i++) {
      results[i] = values.get(outputs.get(i));
    }
    OpSite site = new OpSite(graph, sdo, args, results, values, scratch, parallel, pool::temporary, planOps, wanted);
    for (Rewrite rewrite : rewriteSet) {
      Replacement replacement = rewrite.apply(site);
      if (replacement == null) {
        continue;
      }
      // Everything the replacement writes, as the ops computed it: the op's outputs and those of absorbed ops.
      Map<String, INDArray> checked = new LinkedHashMap<>();
      for (int i = 0; i < results.length; i++) {
        if (!replacement.unwritten().contains(outputs.get(i))) {
          checked.put(outputs.get(i), results[i]);
        }
      }
      String read = replacement.unwritten().stream().filter(name -> site.readBeyond(name, Set.of(sdo.getName())))
          .findFirst().orElse(null);
      if (read != null) {
        notes.add("kept op " + sdo.getOp().opName() + " '" + sdo.getName() + "': its rewrite "
            + rewrite.getClass().getSimpleName() + " leaves " + read + " unwritten, which is read");
        continue;
      }
      checked.putAll(replacement.writes());
      Map<String, INDArray> reference = new LinkedHashMap<>();
      checked.forEach((name, array) -> reference.put(name, array.dup()));
      if (replacement.step() != null) {
        replacement.step().run();
      }
      String disagreement = null;
      for (Map.Entry<String, INDArray> e : checked.entrySet()) {
        INDArray got = replacement.aliases().getOrDefault(e.getKey(), e.getValue());
        disagreement = RewriteCheck.disagreement(reference.get(e.getKey()), got,
            RewriteCheck.inputScale(args, e.getValue().length()));
        if (disagreement != null) {
          disagreement = e.getKey() + ": " + disagreement;
          break;
        }
      }
      if (disagreement != null) {
        checked.forEach((name, array) -> array.assign(reference.get(name)));
      }
      // Freed now, not at the next garbage collection: a large plan makes one copy per rewritten op.
      reference.values().forEach(INDArray::close);
      if (disagreement != null) {
        notes.add("kept op " + sdo.getOp().opName() + " '" + sdo.getName() + "': its rewrite "
            + rewrite.getClass().getSimpleName() + " disagreed (" + disagreement + ")");
        continue;
      }
      replacement.aliases().forEach(this::setValue);
      replacement.absorbed().forEach(op -> stepOfOp.put(op, null));
      // An op's map entry keeps its place: an earlier op's new step runs where that op ran.
      replacement.earlierSteps().forEach(stepOfOp::put);
      return replacement.step();
    }
    return step;
  }

  /** Binds a custom op; returns null when the op became a view of its input. */
  private PlanStep customOp(DynamicCustomOp op, INDArray[] args, List<String> outputs, String name) {
    OpContext context = Nd4j.getExecutioner().buildContext();
    context.setArgs(args, op.iArgs(), op.dArgs(), op.tArgs(), op.bArgs());
    List<LongShapeDescriptor> shapes = op.calculateOutputShape(context);
    if (shapes == null || shapes.size() != outputs.size()) {
      throw new UnsupportedGraphException("op " + op.opName() + " '" + name + "' did not report its output shapes");
    }
    if (op instanceof Reshape && isView(op, args[0])) {
      if (constant.contains(graph.getOps().get(name).getInputsToOp().get(0))) {
        constant.add(outputs.get(0));
      }
      setValue(outputs.get(0), args[0].reshape('c', false, shapes.get(0).getShape()));
      return null;
    }
    for (int i = 0; i < shapes.size(); i++) {
      DataType type = graph.getVariable(outputs.get(i)).dataType();
      LongShapeDescriptor shape = shapes.get(i);
      INDArray out = pool.allocate(type, shape.getShape(), shareable);
      context.setOutputArray(i, out);
      setValue(outputs.get(i), out);
    }
    return new NativeOpStep(op, context, name);
  }

  /** Whether a reshape can be a view: C order and a contiguous, C-ordered input. */
  private static boolean isView(DynamicCustomOp reshape, INDArray input) {
    long[] iArgs = reshape.iArgs();
    boolean cOrder = iArgs.length == 0 || iArgs[0] == Reshape.C_ORDER || iArgs[0] == 'c';
    return cOrder && input.ordering() == 'c' && Shape.hasDefaultStridesForShape(input) && !input.isEmpty();
  }

  private PlanStep legacyOp(Op op, INDArray[] args, List<String> inputs, List<String> outputs, String name) {
    DifferentialFunction df = (DifferentialFunction) op;
    OpContext context = Nd4j.getExecutioner().buildContext();
    boolean axisArg = false;
    INDArray scalar = null;
    if (op instanceof ReduceOp reduce && reduce.getOpType() != Op.Type.REDUCE3 && args.length == 2) {
      if (!constant.contains(inputs.get(1))) {
        throw new UnsupportedGraphException("op " + op.opName() + " '" + name + "' reduces over axes computed in the graph");
      }
      INDArray axes = args[1];
      if (axes.isEmpty()) {
        throw new UnsupportedGraphException("op " + op.opName() + " '" + name + "' reduces over an empty axis list");
      }
      df.setDimensions(Shape.normalizeAxis(args[0].rank(), axes.toIntVector()));
      ((BaseReduceOp) op).setEmptyReduce(false);
      axisArg = true;
    } else if (op instanceof ScalarOp scalarOp && args.length == 2) {
      scalar = args[1];
      if (!scalar.isScalar()) {
        throw new UnsupportedGraphException("op " + op.opName() + " '" + name + "' has a non-scalar scalar argument");
      }
      scalarOp.setScalar(scalar);
    }
    if (args.length > 0) {
      context.setInputArray(0, args[0]);
      if (args.length == 2 && !axisArg) {
        context.setInputArray(1, args[1]);
      }
    }
    List<LongShapeDescriptor> shapes = ((BaseOp) op).calculateOutputShape(context);
    if (shapes == null || shapes.size() != 1) {
      throw new UnsupportedGraphException("op " + op.opName() + " '" + name + "' did not report its output shape");
    }
    DataType type = graph.getVariable(outputs.get(0)).dataType();
    INDArray out = pool.allocate(type, shapes.get(0).getShape(), shareable);
    context.setOutputArray(0, out);
    setValue(outputs.get(0), out);
    return new LegacyOpStep(op, context, scalar, name);
  }

  private static boolean notEmpty(List<String> list) {
    return list != null && !list.isEmpty();
  }
}
