package dev.modelgate;

/** Library identity. */
public final class ModelGate {
  public static final String NAME = "modelgate";
  public static final String VERSION = "0.1.0";
  public static final String URL = "https://github.com/modelgate/modelgate";

  private ModelGate() {}
}
