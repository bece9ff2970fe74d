package dev.modelgate.io;

/** Byte-array searches used by format sniffing and header patching. */
public final class Bytes {
  private Bytes() {}

  /** The first index of {@code needle} in {@code hay}, or -1. */
  public static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  public static boolean contains(byte[] hay, byte[] needle) {
    return indexOf(hay, needle) >= 0;
  }
}
