package dev.modelgate.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a written safetensors file back, checking the spec's layout rules on the way. */
final class SafetensorsCheck {
  record Read(Map<String, Object> header, Map<String, String> sha256) {}

  private SafetensorsCheck() {}

  @SuppressWarnings("unchecked")
  static Read read(Path file) throws Exception {
    byte[] all = Files.readAllBytes(file);
    long n = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(n % 8).as("header padded to 8 bytes").isZero();
    assertThat(8 + n).isLessThanOrEqualTo(all.length);
    String json = new String(all, 8, (int) n, StandardCharsets.UTF_8);
    assertThat(json.stripTrailing().length() + (json.length() - json.stripTrailing().length()))
        .isEqualTo(json.length());
    assertThat(json.substring(json.stripTrailing().length())).matches(" *");
    Map<String, Object> header = (Map<String, Object>) Json.parse(json.stripTrailing());
    int start = 8 + (int) n;
    record Span(String name, long begin, long end) {}
    List<Span> spans = new java.util.ArrayList<>();
    Map<String, String> sha = new LinkedHashMap<>();
    for (var e : header.entrySet()) {
      if (e.getKey().equals("__metadata__")) {
        continue;
      }
      Map<String, Object> t = (Map<String, Object>) e.getValue();
      List<Object> off = (List<Object>) t.get("data_offsets");
      long b = ((Number) off.get(0)).longValue();
      long end = ((Number) off.get(1)).longValue();
      spans.add(new Span(e.getKey(), b, end));
      sha.put(e.getKey(), sha256(Arrays.copyOfRange(all, start + (int) b, start + (int) end)));
    }
    spans.sort((x, y) -> Long.compare(x.begin(), y.begin()));
    long expect = 0;
    for (Span s : spans) {
      assertThat(s.begin()).as("offsets contiguous from 0 at " + s.name()).isEqualTo(expect);
      expect = s.end();
    }
    assertThat(start + expect).as("data section ends at the end of the file").isEqualTo(all.length);
    return new Read(header, sha);
  }

  static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  static String sha256(Path p) throws Exception {
    return sha256(Files.readAllBytes(p));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> expected(Path sidecar) throws Exception {
    Map<String, Object> doc = (Map<String, Object>) Json.parse(Files.readAllBytes(sidecar));
    return (Map<String, Map<String, Object>>) doc.get("tensors");
  }

  /** Every expected tensor is in the output with its dtype, shape and bytes, and nothing else. */
  @SuppressWarnings("unchecked")
  static void matches(Read r, Map<String, Map<String, Object>> expected) {
    Map<String, Object> tensors = new LinkedHashMap<>(r.header());
    tensors.remove("__metadata__");
    assertThat(tensors.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (var e : expected.entrySet()) {
      Map<String, Object> got = (Map<String, Object>) tensors.get(e.getKey());
      assertThat(got.get("dtype")).as(e.getKey()).isEqualTo(e.getValue().get("dtype"));
      assertThat(((List<Object>) got.get("shape")).stream().map(o -> ((Number) o).longValue())
          .toList()).as(e.getKey()).isEqualTo(((List<Object>) e.getValue().get("shape"))
          .stream().map(o -> ((Number) o).longValue()).toList());
      assertThat(r.sha256().get(e.getKey())).as(e.getKey() + " bytes")
          .isEqualTo(e.getValue().get("sha256"));
    }
  }
}
