package dev.modelgate.format.tensorflow;

import java.util.List;
import java.util.Map;

/**
 * One {@code NodeDef} as far as the rules need it.
 *
 * @param inputs data inputs in order (control inputs {@code ^x} dropped), at most a few
 * @param attrs string values of the node's attributes ({@code s}, {@code list.s} and a tensor's
 *     {@code string_val}), a few per attribute, shortened
 * @param location {@code file@offset} of the node
 */
record TfNode(String name, String op, List<String> inputs, Map<String, List<String>> attrs,
    String location) {

  /** The node an input refers to: {@code x:1} and {@code x:output:0} both name node {@code x}. */
  static String producer(String input) {
    int colon = input.indexOf(':');
    return colon < 0 ? input : input.substring(0, colon);
  }

  List<String> attr(String key) {
    return attrs.getOrDefault(key, List.of());
  }
}
