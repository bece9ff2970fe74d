package dev.modelgate.format.onnx;

import dev.modelgate.spi.ScanContext;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Finds a cycle among model-local functions (a function calling itself, directly or through
 * others). ONNX forbids it; loaders that inline functions would expand such a model forever, so
 * it is a hostile structure. Iterative depth-first search: the call graph comes from the file.
 */
final class FunctionCycles {
  private FunctionCycles() {}

  static void check(ScanContext ctx, Map<String, Set<String>> calls) {
    Map<String, Integer> state = new HashMap<>(); // 1 = on the stack, 2 = done
    for (String start : calls.keySet()) {
      if (state.containsKey(start)) {
        continue;
      }
      Deque<String> names = new ArrayDeque<>();
      Deque<Iterator<String>> its = new ArrayDeque<>();
      names.push(start);
      its.push(calls.get(start).iterator());
      state.put(start, 1);
      while (!names.isEmpty()) {
        Iterator<String> it = its.peek();
        if (!it.hasNext()) {
          state.put(names.pop(), 2);
          its.pop();
          continue;
        }
        String next = it.next();
        Integer s = state.get(next);
        if (s == null) {
          Set<String> callees = calls.get(next);
          if (callees != null) {
            state.put(next, 1);
            names.push(next);
            its.push(callees.iterator());
          }
        } else if (s == 1) {
          ctx.invalid("onnx.function-recursion", "model-local function " + names.peek()
              + " calls " + next + ", which is already being expanded: the functions call "
              + "each other in a cycle, and inlining them never ends", "");
          return;
        }
      }
    }
  }
}
