package dev.netseg.flows;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The simplest reading of a Hubble JSON line, as the reference the fast parser is compared with:
 * Jackson builds the whole tree, then the fields are looked up in it. Slow and obviously right.
 */
final class HubbleTreeReference {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private HubbleTreeReference() {}

  /** A rejection found while extracting: the reason is what the comparison checks. */
  private static final class Reject extends RuntimeException {
    final RejectReason reason;

    Reject(RejectReason reason, String detail) {
      super(detail, null, false, false);
      this.reason = reason;
    }
  }

  static Outcome<HubbleFlow> parse(byte[] line) {
    // Encoding first, then syntax: Jackson's own byte reader guesses UTF-16 or UTF-32 from a
    // leading NUL and decodes field names without checking every continuation byte, so on broken
    // bytes its verdict (often "end-of-input") depends on where they stand. The JDK's strict
    // decoder says whether the bytes are UTF-8 at all; Jackson then reads the characters.
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer bytes = ByteBuffer.wrap(line);
    CharBuffer chars = CharBuffer.allocate(line.length);
    CoderResult coded = utf8.decode(bytes, chars, false);
    if (coded.isError()) {
      return Outcome.rejected(RejectReason.NOT_UTF8, "invalid UTF-8 at byte " + bytes.position());
    }
    // A sequence the end of the line cuts is left in the buffer: the JSON ends inside a string
    // there, which Jackson reports as the end of input.
    chars.flip();
    JsonNode root;
    try (JsonParser p = MAPPER.createParser(chars.toString())) {
      root = MAPPER.readTree(p);
      if (root == null) {
        return Outcome.rejected(RejectReason.BAD_JSON, "empty line");
      }
      if (p.nextToken() != null) {
        return Outcome.rejected(RejectReason.BAD_JSON, "content after the JSON object");
      }
    } catch (JsonEOFException e) {
      return Outcome.rejected(RejectReason.TRUNCATED, e.getOriginalMessage());
    } catch (JsonParseException e) {
      // Jackson reports some ends of input (after a comma) without its JsonEOFException
      String m = String.valueOf(e.getOriginalMessage());
      return Outcome.rejected(
          m.contains("end-of-input") ? RejectReason.TRUNCATED : RejectReason.BAD_JSON, m);
    } catch (MismatchedInputException e) {
      // databind's word for a line that ends inside an object or array
      String m = String.valueOf(e.getOriginalMessage());
      return Outcome.rejected(
          m.contains("end-of-input") ? RejectReason.TRUNCATED : RejectReason.BAD_JSON, m);
    } catch (IOException e) {
      return Outcome.rejected(RejectReason.BAD_JSON, String.valueOf(e.getMessage()));
    }
    try {
      return extract(root);
    } catch (Reject e) {
      return Outcome.rejected(e.reason, e.getMessage());
    }
  }

  private static Outcome<HubbleFlow> extract(JsonNode root) {
    if (!root.isObject()) {
      throw new Reject(RejectReason.WRONG_TYPE, "line");
    }
    JsonNode flow = present(root, "flow");
    boolean bare = false;
    for (String f : FLOW_FIELDS) {
      bare |= present(root, f) != null;
    }
    if (flow == null && !bare) {
      String other =
          present(root, "node_status") != null
              ? "node_status"
              : present(root, "lost_events") != null ? "lost_events" : null;
      // the streaming parser names the last of the two it saw; lines here carry at most one
      return other != null
          ? Outcome.skipped(SkipReason.NOT_A_FLOW, other)
          : Outcome.rejected(RejectReason.MISSING_FIELD, "flow");
    }
    JsonNode f;
    if (flow != null) {
      if (!flow.isObject()) {
        throw new Reject(RejectReason.WRONG_TYPE, "flow");
      }
      f = flow;
    } else {
      f = root;
    }
    // The top level's time and node_name are the response's (a bare flow's own), used when the
    // flow has none.
    Instant time = null;
    if (flow != null && present(flow, "time") != null) {
      time = time(present(flow, "time"));
    }
    String outerTime = string(root, "time");
    String outerNode = string(root, "node_name");
    JsonNode ip = object(f, "IP");
    String sourceIp = ip == null ? null : string(ip, "source");
    String destinationIp = ip == null ? null : string(ip, "destination");
    String l4Protocol = null;
    Integer sourcePort = null;
    Integer destinationPort = null;
    boolean syn = false;
    boolean ack = false;
    JsonNode l4 = object(f, "l4");
    if (l4 != null) {
      for (Map.Entry<String, JsonNode> e : l4.properties()) {
        if (e.getValue().isNull()) {
          continue;
        }
        l4Protocol = e.getKey();
        JsonNode ports = object(l4, e.getKey());
        if (List.of("TCP", "UDP", "SCTP").contains(e.getKey())) {
          sourcePort = port(ports, "source_port");
          destinationPort = port(ports, "destination_port");
          JsonNode flags = object(ports, "flags");
          if (flags != null) {
            syn = bool(flags, "SYN", false);
            ack = bool(flags, "ACK", false);
          }
        }
      }
    }
    if (time == null && outerTime != null) {
      time = Rfc3339.parse(outerTime);
      if (time == null) {
        throw new Reject(RejectReason.BAD_TIME, "time");
      }
    }
    String flowNode = flow != null ? string(flow, "node_name") : null;
    HubbleFlow result =
        new HubbleFlow(
            time,
            string(f, "verdict"),
            sourceIp,
            destinationIp,
            endpoint(f, "source"),
            endpoint(f, "destination"),
            l4Protocol,
            sourcePort,
            destinationPort,
            syn,
            ack,
            present(f, "is_reply") == null ? null : bool(f, "is_reply", false),
            string(f, "traffic_direction"),
            strings(f, "source_names"),
            strings(f, "destination_names"),
            flowNode != null ? flowNode : outerNode);
    return Outcome.accepted(result);
  }

  private static final List<String> FLOW_FIELDS =
      List.of(
          "verdict",
          "IP",
          "l4",
          "source",
          "destination",
          "source_names",
          "destination_names",
          "is_reply",
          "traffic_direction");

  private static HubbleFlow.HubbleEndpoint endpoint(JsonNode f, String name) {
    JsonNode e = object(f, name);
    if (e == null) {
      return null;
    }
    Long identity = null;
    JsonNode id = present(e, "identity");
    if (id != null) {
      if (!id.isIntegralNumber()) {
        throw new Reject(RejectReason.WRONG_TYPE, name + ".identity");
      }
      if (!id.canConvertToLong()) {
        throw new Reject(RejectReason.BAD_VALUE, name + ".identity");
      }
      identity = id.asLong();
    }
    String workloadName = null;
    String workloadKind = null;
    JsonNode workloads = present(e, "workloads");
    if (workloads != null) {
      if (!workloads.isArray()) {
        throw new Reject(RejectReason.WRONG_TYPE, name + ".workloads");
      }
      for (int i = workloads.size() - 1; i >= 0; i--) {
        JsonNode w = workloads.get(i);
        if (!w.isObject()) {
          throw new Reject(RejectReason.WRONG_TYPE, name + ".workloads[" + i + "]");
        }
        workloadName = string(w, "name");
        workloadKind = string(w, "kind");
      }
    }
    return new HubbleFlow.HubbleEndpoint(
        string(e, "namespace"),
        string(e, "pod_name"),
        strings(e, "labels"),
        identity,
        workloadName,
        workloadKind);
  }

  /** The member's value, or null when it is absent or JSON null. */
  private static JsonNode present(JsonNode o, String name) {
    JsonNode v = o.get(name);
    return v == null || v.isNull() ? null : v;
  }

  private static JsonNode object(JsonNode o, String name) {
    JsonNode v = present(o, name);
    if (v != null && !v.isObject()) {
      throw new Reject(RejectReason.WRONG_TYPE, name);
    }
    return v;
  }

  private static String string(JsonNode o, String name) {
    JsonNode v = present(o, name);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      throw new Reject(RejectReason.WRONG_TYPE, name);
    }
    return v.textValue();
  }

  private static boolean bool(JsonNode o, String name, boolean absent) {
    JsonNode v = present(o, name);
    if (v == null) {
      return absent;
    }
    if (!v.isBoolean()) {
      throw new Reject(RejectReason.WRONG_TYPE, name);
    }
    return v.booleanValue();
  }

  private static Integer port(JsonNode o, String name) {
    JsonNode v = present(o, name);
    if (v == null) {
      return null;
    }
    if (!v.isIntegralNumber()) {
      throw new Reject(RejectReason.WRONG_TYPE, name);
    }
    if (!v.isInt()) {
      throw new Reject(RejectReason.PORT_OUT_OF_RANGE, name);
    }
    return v.intValue();
  }

  private static Instant time(JsonNode v) {
    if (!v.isTextual()) {
      throw new Reject(RejectReason.WRONG_TYPE, "time");
    }
    Instant t = Rfc3339.parse(v.textValue());
    if (t == null) {
      throw new Reject(RejectReason.BAD_TIME, "time");
    }
    return t;
  }

  private static List<String> strings(JsonNode o, String name) {
    JsonNode v = present(o, name);
    if (v == null) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new Reject(RejectReason.WRONG_TYPE, name);
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw new Reject(RejectReason.WRONG_TYPE, name + "[" + out.size() + "]");
      }
      out.add(e.textValue());
    }
    return List.copyOf(out);
  }
}
