package dev.modelgate.audit.python;

import java.util.Arrays;

/**
 * What {@link Lexer} found in a file without parsing it: which {@link RuleFamilies} words occur
 * (and where), and the extent of every function and class body written as an indented block.
 *
 * @param present by word id: occurs in the file where the analysis could read it
 * @param wordAt offsets of the occurrences, ascending; {@code wordId[k]} is the word at
 *     {@code wordAt[k]}
 * @param bodyStart offset just after the colon of each block body's header, ascending
 * @param bodyEnd end of the last logical line of that body (before its line break)
 * @param confused the file does not tokenize as Python (an unterminated string or bracket, a
 *     lone carriage return, a stray closing bracket): nothing may be concluded from the outline
 * @param blocksUnreliable indentation uses tabs or form feeds, so body extents are not trusted
 *     (the words still are)
 */
@SuppressWarnings("ArrayRecordComponent") // built once per file and read in place, never compared
record Outline(boolean[] present, int[] wordAt, int[] wordId, int[] bodyStart, int[] bodyEnd,
    boolean confused, boolean blocksUnreliable) {

  /** Whether an occurrence of a word marked in {@code words} lies in {@code [from, to)}. */
  boolean anyIn(boolean[] words, int from, int to) {
    int k = Arrays.binarySearch(wordAt, from);
    if (k < 0) {
      k = -k - 1;
    } else {
      while (k > 0 && wordAt[k - 1] == from) {
        k--;
      }
    }
    for (; k < wordAt.length && wordAt[k] < to; k++) {
      if (words[wordId[k]]) {
        return true;
      }
    }
    return false;
  }

  int bodies() {
    return bodyStart.length;
  }
}
