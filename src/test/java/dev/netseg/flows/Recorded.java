package dev.netseg.flows;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The recorded Hubble lines in {@code src/test/resources/flows/hubble-recorded.jsonl}. */
final class Recorded {
  private Recorded() {}

  static final int SYN = 0;
  static final int SYN_ACK_REPLY = 1;
  static final int ACK_ONLY = 2;
  static final int SYN_AT_INGRESS = 3;
  static final int UDP_QUERY = 4;
  static final int UDP_ANSWER = 5;
  static final int DROPPED_POLICY_DENIED = 6;
  static final int AUDIT = 7;
  static final int WORLD_WITH_NAMES = 8;
  static final int WORLD_OTHER_NAME = 9;
  static final int REUSED_IP_EARLY = 10;
  static final int REUSED_IP_LATE = 11;
  static final int ICMP = 12;
  static final int LOST_EVENTS = 13;
  static final int WORLD_CLIENT = 14;

  static byte[] bytes() {
    try (InputStream in = Recorded.class.getResourceAsStream("/flows/hubble-recorded.jsonl")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> lines() {
    return new String(bytes(), StandardCharsets.UTF_8).lines().toList();
  }

  static String line(int index) {
    return lines().get(index);
  }
}
