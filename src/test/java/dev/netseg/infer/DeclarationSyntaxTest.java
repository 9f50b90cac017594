package dev.netseg.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netseg.infer.AllowEntry.PortRef;
import dev.netseg.infer.AllowEntry.Target;
import dev.netseg.policy.Protocol;
import inet.ipaddr.IPAddressString;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeclarationSyntaxTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        // entry                  | kind      | namespace | name / cidr       | port | portName |
        // proto
        "cartservice              | named     | -         | cartservice       | -    | -        | -",
        "cartservice:7070         | named     | -         | cartservice       | 7070 | -        | -",
        "payments/gateway:8080    | named     | payments  | gateway           | 8080 | -        | -",
        "payments/gateway:http    | named     | payments  | gateway           | -    | http     | -",
        "db.v2:5432/tcp           | named     | -         | db.v2             | 5432 | -        | TCP",
        "dns:53/UDP               | named     | -         | dns               | 53   | -        | UDP",
        "10.0.0.0/8:5432/TCP      | cidr      | -         | 10.0.0.0/8        | 5432 | -        | TCP",
        "10.1.2.3:443             | cidr      | -         | 10.1.2.3/32       | 443  | -        | -",
        "10.0.0.0/8               | cidr      | -         | 10.0.0.0/8        | -    | -        | -",
        "[fd00::/8]:5432          | cidr      | -         | fd00::/8          | 5432 | -        | -",
        "[2001:db8::1]:443/SCTP   | cidr      | -         | 2001:db8::1/128   | 443  | -        | SCTP",
        "kube-apiserver           | apiserver | -         | -                 | -    | -        | -",
        "'  spaced:80  '          | named     | -         | spaced            | 80   | -        | -",
      })
  void parsesEveryFormOfTheSyntax(
      String entry,
      String kind,
      String namespace,
      String target,
      Integer port,
      String portName,
      String protocol) {
    AllowEntry e = DeclarationSyntax.parse(entry);
    switch (kind) {
      case "named" -> {
        assertThat(e.target()).isInstanceOf(Target.Named.class);
        Target.Named n = (Target.Named) e.target();
        assertThat(n.namespace()).isEqualTo(Optional.ofNullable(namespace));
        assertThat(n.name()).isEqualTo(target);
      }
      case "cidr" ->
          assertThat(((Target.Cidr) e.target()).block())
              .isEqualTo(new IPAddressString(target).getAddress());
      default -> assertThat(e.target()).isInstanceOf(Target.ApiServer.class);
    }
    Optional<PortRef> expectedPort =
        port != null
            ? Optional.of(new PortRef.Number(port))
            : Optional.ofNullable(portName).map(PortRef.Name::new);
    assertThat(e.port()).isEqualTo(expectedPort);
    assertThat(e.protocol()).isEqualTo(Optional.ofNullable(protocol).map(Protocol::valueOf));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "payments:http:x          | more than one ':'",
        "cart:                    | empty port after ':'",
        ":8080                    | no target before ':'",
        "cart:0                   | port 0 is out of range 1-65535",
        "cart:70000               | port 70000 is out of range 1-65535",
        "cart:8000-8100           | port ranges are not supported",
        "cart:http_x              | is neither a number 1-65535 nor a port name",
        "cart:a-very-long-port-name | is neither a number 1-65535 nor a port name",
        "cart:80/HTTP             | unknown protocol \"HTTP\" (TCP, UDP or SCTP)",
        "Cart:80                  | \"Cart\" is not a valid Service or workload name",
        "a/b/c:80                 | \"b/c\" is not a valid Service or workload name",
        "Pay_ments/x:80           | namespace \"Pay_ments\" is not a valid namespace name",
        "10.0.0.1/8:80            | has host bits set; did you mean 10.0.0.0/8?",
        "300.0.0.0/8:80           | is not an IPv4 address or CIDR",
        "fd00::/8                 | an IPv6 address is written in brackets",
        "[fd00::/8:80             | '[' without ']'",
        "[10.0.0.0/8]:80          | is not an IPv6 address or CIDR",
        "kube-apiserver:443       | kube-apiserver takes no port",
        "a b                      | contains a space",
      })
  void rejectsMalformedEntriesSayingWhy(String entry, String message) {
    assertThatThrownBy(() -> DeclarationSyntax.parse(entry))
        .isInstanceOf(DeclarationException.class)
        .hasMessageContaining(message);
  }

  @Test
  void listErrorNamesContextEntryNumberAndText() {
    assertThatThrownBy(
            () ->
                DeclarationSyntax.parseList(
                    "cartservice:7070, payments/gateway:8080,payments:http:x",
                    "Deployment shop/checkout: annotation netseg.dev/egress"))
        .isInstanceOf(DeclarationException.class)
        .hasMessageStartingWith(
            "Deployment shop/checkout: annotation netseg.dev/egress entry 3 \"payments:http:x\":"
                + " more than one ':'");
  }

  @Test
  void listSplitsOnCommasAndNewlinesAndSkipsBlankEntries() {
    List<AllowEntry> entries = DeclarationSyntax.parseList("a:1,\n b:2 ,, \n\nc:3,", "ctx");
    assertThat(entries).extracting(AllowEntry::text).containsExactly("a:1", "b:2", "c:3");
  }
}
