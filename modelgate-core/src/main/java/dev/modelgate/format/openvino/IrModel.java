package dev.modelgate.format.openvino;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * What an OpenVINO IR {@code .xml} says, collected while it is parsed: the IR version, every
 * layer's type and operation set, the weight ranges constants take from the {@code .bin}, and
 * structural errors (duplicate layer ids, edges to layers that do not exist). Sub-graph bodies
 * (TensorIterator, Loop, If) have their own layer ids, so ids are scoped per {@code <layers>}.
 */
final class IrModel extends DefaultHandler {
  static final int MAX_DEPTH = 128;
  static final int MAX_LAYERS = 1_000_000;

  /** A weight range: {@code size} bytes at {@code offset} of the .bin, for layer {@code layer}. */
  record Weight(String layer, @Nullable String elementType, @Nullable String shape, long offset,
      long size) {}

  /** A layer whose operation set is not a standard {@code opsetN}. */
  record Extension(String layer, String type, String version) {}

  /** The root element's {@code version} attribute, or null without one. */
  @Nullable String version;
  boolean netRoot;
  final List<Weight> weights = new ArrayList<>();
  final List<Extension> extensions = new ArrayList<>();
  final List<String> errors = new ArrayList<>();
  private final List<Set<String>> scopes = new ArrayList<>();
  /** The layer ids of the {@code <layers>} closed last: the {@code <edges>} after it use them. */
  private Set<String> closed = Set.of();
  private int depth;
  private int layers;
  private String layerName = "";
  private String layerType = "";

  @Override
  public void startElement(String uri, String local, String name, Attributes a)
      throws SAXException {
    if (++depth > MAX_DEPTH) {
      throw new SAXException("elements nested deeper than " + MAX_DEPTH);
    }
    if (depth == 1) {
      netRoot = name.equals("net");
      version = a.getValue("version");
      return;
    }
    switch (name) {
      case "layers" -> scopes.add(new HashSet<>());
      case "layer" -> layer(a);
      case "data" -> data(a);
      case "edge" -> {
        for (String end : new String[] {"from-layer", "to-layer"}) {
          String id = a.getValue(end);
          if (id == null || !closed.contains(id)) {
            errors.add("an edge's " + end + " " + id + " is no layer of its graph");
          }
        }
      }
      // IR v7 and older keep weight ranges in <blobs><weights offset= size=/></blobs>
      default -> {
        if (a.getValue("offset") != null && a.getValue("size") != null && depth > 3
            && !name.equals("port")) {
          weight(a.getValue("precision"), null, a.getValue("offset"), a.getValue("size"));
        }
      }
    }
  }

  @Override
  public void endElement(String uri, String local, String name) {
    depth--;
    if (name.equals("layers") && !scopes.isEmpty()) {
      closed = scopes.remove(scopes.size() - 1);
    }
  }

  private void layer(Attributes a) throws SAXException {
    if (++layers > MAX_LAYERS) {
      throw new SAXException("more than " + MAX_LAYERS + " layers");
    }
    String id = a.getValue("id");
    layerName = a.getValue("name") == null ? "" : a.getValue("name");
    layerType = a.getValue("type") == null ? "" : a.getValue("type");
    String opset = a.getValue("version");
    if (id == null) {
      errors.add("layer '" + layerName + "' has no id");
    } else if (!scopes.isEmpty() && !scopes.get(scopes.size() - 1).add(id)) {
      errors.add("layer id " + id + " appears twice");
    }
    if (opset != null && !opset.matches("opset[0-9]{1,3}") && !isStandardInternal(opset)) {
      extensions.add(new Extension(layerName, layerType, opset));
    }
  }

  /** Operation sets OpenVINO itself serialises besides opsetN. */
  private static boolean isStandardInternal(String opset) {
    return opset.equals("internal") || opset.equals("experimental");
  }

  private void data(Attributes a) {
    if (a.getValue("offset") != null || a.getValue("size") != null) {
      weight(a.getValue("element_type"), a.getValue("shape"), a.getValue("offset"),
          a.getValue("size"));
    }
  }

  private void weight(@Nullable String type, @Nullable String shape, @Nullable String offset,
      @Nullable String size) {
    long o = number(offset);
    long s = number(size);
    if (o < 0 || s < 0) {
      errors.add("layer '" + layerName + "' (" + layerType + ") has weight offset '" + offset
          + "' and size '" + size + "', which are not byte counts");
      return;
    }
    weights.add(new Weight(layerName, type, shape, o, s));
  }

  static long number(@Nullable String s) {
    if (s == null || s.isEmpty() || s.length() > 19) {
      return -1;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return -1;
      }
    }
    return Long.parseLong(s);
  }
}
