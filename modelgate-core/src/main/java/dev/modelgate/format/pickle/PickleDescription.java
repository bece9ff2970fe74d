package dev.modelgate.format.pickle;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a pickle stream would do, worked out without running it.
 *
 * @param globals every name imported, in stream order (GLOBAL, STACK_GLOBAL, INST)
 * @param calls every call it would make, in stream order, including {@code __setstate__} calls
 *     made by BUILD
 * @param persistentIds every persistent id with the offset of its opcode (torch storages)
 * @param start offset of the first opcode
 * @param end offset just past the last opcode read (after STOP when it ended cleanly)
 * @param cleanEnd true when the stream reached STOP with no error
 * @param error why the machine stopped early (null when {@code cleanEnd})
 * @param result the value STOP returns (null when it never got there)
 * @param protocol highest protocol announced by PROTO, or 0
 * @param embedded descriptions of pickles found inside byte arguments
 * @param trailing further pickles that follow this one's STOP in the same stream
 */
public record PickleDescription(
    List<PickleValue.Global> globals,
    List<CallSite> calls,
    List<PickleValue.PersistentRef> persistentIds,
    long start,
    long end,
    boolean cleanEnd,
    @Nullable Problem error,
    @Nullable PickleValue result,
    int protocol,
    List<PickleDescription> embedded,
    List<PickleDescription> trailing) {

  /** This description with the embedded and trailing pickles found around it. */
  PickleDescription with(List<PickleDescription> embedded, List<PickleDescription> trailing) {
    return new PickleDescription(globals, calls, persistentIds, start, end, cleanEnd, error, result,
        protocol, List.copyOf(embedded), List.copyOf(trailing));
  }

  /** One call the pickle makes; {@link #text()} renders it as Python-like text. */
  public record CallSite(PickleValue.Call call, long offset) {
    public String text() {
      return Render.value(call);
    }
  }

  /**
   * Why a stream stopped early.
   *
   * @param rule {@code pickle.malformed}, {@code pickle.truncated} or {@code pickle.limit}
   */
  public record Problem(String rule, String message, long offset) {}
}
