package dev.modelgate.format.gguf;

/**
 * One metadata key/value pair.
 *
 * @param offset absolute offset of the key's length field
 * @param valueOffset absolute offset of the value (after the type field)
 */
record GgufKv(String key, GgufValue value, long offset, long valueOffset) {}
