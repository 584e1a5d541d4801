package io.genlab.engine.exec.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The memory of a plan: float buffers shared by arrays whose lifetimes in the step order do not
 * overlap. The compiler binds every variable to its array and releases a variable after the last op
 * that reads it; a buffer no variable holds any more is handed to the next array of the same size.
 * Arrays that must outlive every step (wanted outputs, folded constants) are pinned, and outputs of ops
 * that may leave part of their output unwritten are never shared. Used by one compilation; not
 * thread-safe.
 */
final class ArrayPool {
  /** A buffer and the variables (and temporaries) holding it. */
  private static final class Slab {
    final DataBuffer buffer;
    int holders;
    boolean pinned;

    Slab(DataBuffer buffer) {
      this.buffer = buffer;
    }
  }

  private final Map<DataBuffer, Slab> slabs = new IdentityHashMap<>();
  private final Map<Long, Deque<Slab>> free = new HashMap<>();
  private final Map<String, INDArray> bound = new HashMap<>();
  private final List<Slab> temporaries = new ArrayList<>();
  private final List<INDArray> arrays = new ArrayList<>();
  private long bytes;

  /**
   * A zeroed array of {@code shape}; a float array may take a released buffer of exactly its size
   * when {@code shareable}, and is never shared otherwise.
   */
  INDArray allocate(DataType type, long[] shape, boolean shareable) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (type != DataType.FLOAT || n == 0) {
      return own(Nd4j.create(type, shape, 'c'));
    }
    Deque<Slab> candidates = shareable ? free.get(n) : null;
    Slab slab = candidates == null ? null : candidates.poll();
    if (slab == null) {
      slab = new Slab(Nd4j.createBuffer(DataType.FLOAT, n, true));
      slab.pinned = !shareable;
      slabs.put(slab.buffer, slab);
      bytes += n * DataType.FLOAT.width();
    }
    INDArray array = Nd4j.create(slab.buffer, shape, Nd4j.getStrides(shape, 'c'), 0, 'c');
    return own(array);
  }

  /** A temporary of one op's step: shared with arrays of later ops, held until {@link #endOp()}. */
  INDArray temporary(long[] shape) {
    INDArray array = allocate(DataType.FLOAT, shape, true);
    Slab slab = slabs.get(root(array.data()));
    slab.holders++;
    temporaries.add(slab);
    return array;
  }

  /** Releases this op's temporaries. */
  void endOp() {
    temporaries.forEach(this::drop);
    temporaries.clear();
  }

  /** Variable {@code name} now holds {@code array} (an array of this pool, a view of one, or another). */
  void bind(String name, INDArray array) {
    INDArray previous = bound.put(name, array);
    if (previous != null) {
      Slab old = slabs.get(root(previous.data()));
      if (old != null) {
        drop(old);
      }
    }
    Slab slab = slabs.get(root(array.data()));
    if (slab != null) {
      slab.holders++;
    }
  }

  /** Keeps the buffer of variable {@code name} for the plan's whole life. */
  void pin(String name) {
    INDArray array = bound.get(name);
    Slab slab = array == null ? null : slabs.get(root(array.data()));
    if (slab != null) {
      slab.pinned = true;
    }
  }

  /** Variable {@code name} will not be read again: its buffer may serve later arrays once nothing holds it. */
  void release(String name) {
    INDArray array = bound.remove(name);
    Slab slab = array == null ? null : slabs.get(root(array.data()));
    if (slab != null) {
      drop(slab);
    }
  }

  private void drop(Slab slab) {
    slab.holders--;
    if (slab.holders == 0 && !slab.pinned) {
      free.computeIfAbsent(slab.buffer.length(), k -> new ArrayDeque<>()).add(slab);
    }
  }

  private INDArray own(INDArray array) {
    arrays.add(array);
    if (!slabs.containsKey(root(array.data()))) {
      bytes += array.length() * array.dataType().width();
    }
    return array;
  }

  /** Every array handed out (the plan keeps them alive; see {@link Plan}). */
  List<INDArray> arrays() {
    return arrays;
  }

  /** Bytes of memory the pool's arrays take. */
  long bytes() {
    return bytes;
  }

  private static DataBuffer root(DataBuffer buffer) {
    DataBuffer b = buffer;
    while (b.underlyingDataBuffer() != null && b.underlyingDataBuffer() != b) {
      b = b.underlyingDataBuffer();
    }
    return b;
  }
}
