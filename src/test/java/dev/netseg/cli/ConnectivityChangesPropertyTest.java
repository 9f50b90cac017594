package dev.netseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.connectivity.ConnectivityLine;
import dev.netseg.policy.ConnectionSet;
import dev.netseg.policy.Protocol;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressSeqRange;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Joining external ranges neither adds nor drops a change: on random partitions of 10.0.0.0/24 with
 * random before/after connections per piece, every address gains and loses exactly what its piece
 * does, and no two lines with the same change could have been joined further.
 */
class ConnectivityChangesPropertyTest {
  private static final String W = "shop/cart[Deployment]";
  private static final List<ConnectionSet> PALETTE =
      List.of(
          ConnectionSet.none(),
          ConnectionSet.of(Protocol.TCP, 80, 80),
          ConnectionSet.of(Protocol.TCP, 80, 443),
          ConnectionSet.all());

  private static IPAddress ip(int last) {
    return new IPAddressString("10.0.0." + last).getAddress();
  }

  @Property(tries = 100)
  void everyAddressKeepsItsChangeAndJoinsAreMaximal(
      @ForAll @Size(max = 12) List<@IntRange(min = 1, max = 255) Integer> cuts,
      @ForAll @Size(min = 13, max = 13) List<@IntRange(min = 0, max = 3) Integer> before,
      @ForAll @Size(min = 13, max = 13) List<@IntRange(min = 0, max = 3) Integer> after,
      @ForAll boolean outbound) {
    TreeSet<Integer> starts = new TreeSet<>(cuts);
    starts.add(0);
    List<int[]> pieces = new ArrayList<>();
    for (int start : starts) {
      Integer next = starts.higher(start);
      pieces.add(new int[] {start, next == null ? 255 : next - 1});
    }
    List<ConnectivityLine> a = new ArrayList<>();
    List<ConnectivityLine> b = new ArrayList<>();
    for (int i = 0; i < pieces.size(); i++) {
      String ext = "10.0.0." + pieces.get(i)[0] + "-10.0.0." + pieces.get(i)[1] + "[External]";
      a.add(line(ext, PALETTE.get(before.get(i)), outbound));
      b.add(line(ext, PALETTE.get(after.get(i)), outbound));
    }
    List<ConnectivityChanges.Change> changes = ConnectivityChanges.between(a, b);

    for (int i = 0; i < pieces.size(); i++) {
      ConnectionSet was = PALETTE.get(before.get(i));
      ConnectionSet is = PALETTE.get(after.get(i));
      for (int last = pieces.get(i)[0]; last <= pieces.get(i)[1]; last++) {
        assertThat(changeAt(changes, ip(last), outbound, true))
            .as("gained at 10.0.0.%d", last)
            .isEqualTo(is.minus(was));
        assertThat(changeAt(changes, ip(last), outbound, false))
            .as("lost at 10.0.0.%d", last)
            .isEqualTo(was.minus(is));
      }
    }
    for (ConnectivityChanges.Change x : changes) {
      for (ConnectivityChanges.Change y : changes) {
        if (x != y
            && Map.entry(text(x.gained()), text(x.lost()))
                .equals(Map.entry(text(y.gained()), text(y.lost())))) {
          IPAddressSeqRange rx = range(x, outbound);
          IPAddressSeqRange ry = range(y, outbound);
          assertThat(rx.overlaps(ry) || rx.getUpper().increment(1).equals(ry.getLower()))
              .as("%s and %s could be joined", x, y)
              .isFalse();
        }
      }
    }
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }

  private static ConnectivityLine line(String ext, ConnectionSet set, boolean outbound) {
    return outbound
        ? new ConnectivityLine(W, ext, set, List.of())
        : new ConnectivityLine(ext, W, set, List.of());
  }

  private static IPAddressSeqRange range(ConnectivityChanges.Change c, boolean outbound) {
    String end = outbound ? c.destination() : c.source();
    String text = end.substring(0, end.length() - "[External]".length());
    if (text.contains("/")) {
      return new IPAddressString(text).getAddress().toSequentialRange();
    }
    return ConnectivityChanges.parseExternal(end).orElseThrow();
  }

  /** The union of the gained (or lost) connections of the lines whose range holds the address. */
  private static ConnectionSet changeAt(
      List<ConnectivityChanges.Change> changes,
      IPAddress address,
      boolean outbound,
      boolean gained) {
    ConnectionSet sum = ConnectionSet.none();
    for (ConnectivityChanges.Change c : changes) {
      String set = gained ? c.gained() : c.lost();
      if (set != null && range(c, outbound).contains(address)) {
        sum = sum.union(parse(set));
      }
    }
    return sum;
  }

  private static ConnectionSet parse(String text) {
    for (ConnectionSet s : PALETTE) {
      for (ConnectionSet t : PALETTE) {
        if (s.minus(t).toString().equals(text)) {
          return s.minus(t);
        }
      }
    }
    throw new AssertionError("unexpected connections " + text);
  }
}
