package dev.netseg.dataplane;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.BindException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process that stands in for the workloads of one network namespace: started by the test JVM
 * with {@code ip netns exec <ns> java ... NetnsAgent}, it serves TCP and UDP ports, opens probe
 * connections and relays the API server into the namespace, as told on stdin, one command a line:
 *
 * <pre>
 * ID listen tcp|udp IP PORT        -> ID ok | ID error MESSAGE
 * ID probe tcp|udp IP PORT MILLIS  -> ID connected | ID refused | ID timeout | ID error MESSAGE
 * ID relay PORT SOCKET-FILE        -> ID ok   (127.0.0.1:PORT here to a Unix socket file)
 * ID sysctl KEY VALUE              -> ID ok   (net.* keys of this namespace, under /proc/sys)
 * ID ping                          -> ID pong
 * </pre>
 *
 * <p>Answers come on stdout in any order, each carrying its command's ID. The agent exits when its
 * stdin closes, so it never outlives the test JVM that started it. Only the JDK is used: it starts
 * in a fraction of a second with a small heap.
 *
 * <p>Each probe binds a source port of its own, counting up from {@link #FIRST_SOURCE_PORT}: a
 * reused (address, port) pair could match a conntrack entry of an earlier allowed probe and pass as
 * an established flow after the policy changed. A TCP probe ends with a reset, so that neither side
 * keeps the pair in TIME_WAIT.
 */
public final class NetnsAgent {
  static final int FIRST_SOURCE_PORT = 20_000;
  static final int LAST_SOURCE_PORT = 59_999;

  private final PrintStream out;
  private final ExecutorService workers = Executors.newCachedThreadPool(NetnsAgent::daemon);
  private final AtomicInteger nextSourcePort = new AtomicInteger(FIRST_SOURCE_PORT);

  private NetnsAgent(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) throws IOException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    NetnsAgent agent = new NetnsAgent(out);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] words = line.trim().split(" ");
      if (words.length >= 2) {
        agent.workers.execute(() -> agent.answer(words));
      }
    }
    // stdin closed: the test JVM is done or gone.
    System.exit(0);
  }

  private void answer(String[] words) {
    String id = words[0];
    String reply;
    try {
      reply =
          switch (words[1]) {
            case "listen" -> listen(words[2], words[3], Integer.parseInt(words[4]));
            case "probe" ->
                probe(words[2], words[3], Integer.parseInt(words[4]), Integer.parseInt(words[5]));
            case "relay" -> relay(Integer.parseInt(words[2]), Path.of(words[3]));
            case "sysctl" -> sysctl(words[2], words[3]);
            case "ping" -> "pong";
            default -> "error unknown command " + String.join(" ", Arrays.asList(words));
          };
    } catch (IOException | RuntimeException e) {
      reply = "error " + oneLine(e);
    }
    synchronized (out) {
      out.println(id + " " + reply);
    }
  }

  // ---- serving --------------------------------------------------------------------------------

  private String listen(String protocol, String ip, int port) throws IOException {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(ip), port);
    if (protocol.equals("tcp")) {
      ServerSocket server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(address, 512);
      workers.execute(() -> acceptAndClose(server));
    } else {
      DatagramSocket socket = new DatagramSocket(address);
      workers.execute(() -> echo(socket));
    }
    return "ok";
  }

  /** The handshake is the kernel's: accepting only empties the backlog. */
  private static void acceptAndClose(ServerSocket server) {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        s.shutdownOutput();
      } catch (IOException e) {
        // a client that reset first; keep serving
      }
    }
  }

  private static void echo(DatagramSocket socket) {
    byte[] buffer = new byte[512];
    while (!socket.isClosed()) {
      try {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        socket.send(
            new DatagramPacket(
                packet.getData(), packet.getLength(), packet.getAddress(), packet.getPort()));
      } catch (IOException e) {
        // an ICMP error for an earlier answer; keep serving
      }
    }
  }

  // ---- probing --------------------------------------------------------------------------------

  private String probe(String protocol, String ip, int port, int timeoutMillis) throws IOException {
    InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(ip), port);
    for (int attempt = 0; attempt < 100; attempt++) {
      int sourcePort = sourcePort();
      try {
        return protocol.equals("tcp")
            ? tcpProbe(sourcePort, target, timeoutMillis)
            : udpProbe(sourcePort, target, timeoutMillis);
      } catch (BindException e) {
        // a port this namespace serves, or still in use: take the next one
      }
    }
    return "error no free source port";
  }

  private int sourcePort() {
    return nextSourcePort.getAndUpdate(p -> p >= LAST_SOURCE_PORT ? FIRST_SOURCE_PORT : p + 1);
  }

  private static String tcpProbe(int sourcePort, InetSocketAddress target, int timeoutMillis)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.setReuseAddress(true);
      socket.setSoLinger(true, 0); // close with a reset: no TIME_WAIT on either side
      socket.bind(new InetSocketAddress(sourcePort));
      try {
        socket.connect(target, timeoutMillis);
      } catch (ConnectException e) {
        return e.getMessage() != null && e.getMessage().contains("refused")
            ? "refused"
            : "error " + oneLine(e);
      } catch (SocketTimeoutException e) {
        return "timeout";
      }
      return "connected";
    }
  }

  private static String udpProbe(int sourcePort, InetSocketAddress target, int timeoutMillis)
      throws IOException {
    byte[] payload = ("probe " + sourcePort).getBytes(StandardCharsets.US_ASCII);
    try (DatagramSocket socket = new DatagramSocket(null)) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(sourcePort));
      socket.connect(target);
      socket.setSoTimeout(timeoutMillis);
      socket.send(new DatagramPacket(payload, payload.length));
      byte[] buffer = new byte[512];
      DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(reply);
      } catch (PortUnreachableException e) {
        return "refused";
      } catch (SocketTimeoutException e) {
        return "timeout";
      }
      return Arrays.equals(Arrays.copyOf(buffer, reply.getLength()), payload)
          ? "connected"
          : "error unexpected answer";
    }
  }

  // ---- relaying the API server ----------------------------------------------------------------

  private String relay(int port, Path socketFile) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    workers.execute(
        () -> {
          while (server.isOpen()) {
            try {
              SocketChannel client = server.accept();
              SocketChannel upstream = SocketChannel.open(StandardProtocolFamily.UNIX);
              try {
                upstream.connect(UnixDomainSocketAddress.of(socketFile));
              } catch (IOException e) {
                client.close();
                upstream.close();
                continue; // the test JVM's end is gone: the client retries
              }
              Pump.both(client, upstream, workers);
            } catch (IOException e) {
              return; // closed
            }
          }
        });
    return "ok";
  }

  // ---- this namespace's kernel settings -------------------------------------------------------

  private static String sysctl(String key, String value) throws IOException {
    if (!key.matches("net\\.[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("only net.* keys: " + key);
    }
    Files.writeString(Path.of("/proc/sys", key.split("\\.")), value + "\n");
    return "ok";
  }

  private static String oneLine(Exception e) {
    String message = e.getClass().getSimpleName() + ": " + e.getMessage();
    return message.replace('\n', ' ');
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "agent");
    t.setDaemon(true);
    return t;
  }
}
