package dev.netseg;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which {@code dev.netseg} package uses which, read from compiled classes: every class file's
 * constant pool names the classes it refers to, in class entries and in the descriptors and
 * signatures of its fields, methods and generic types. A dependency that only a comment or a string
 * mentions is not one; one that only a constant (inlined by javac) carries is not seen.
 */
final class PackageGraph {
  private static final Pattern TYPE =
      Pattern.compile("dev/netseg/([A-Za-z0-9_/$]+)/[A-Za-z0-9_$]+");

  /** Package to the packages (other than itself) whose classes its classes refer to. */
  private final Map<String, Set<String>> uses;

  /** For each (from, to) package pair, one class of {@code from} that refers to {@code to}. */
  private final Map<String, String> witness;

  private PackageGraph(Map<String, Set<String>> uses, Map<String, String> witness) {
    this.uses = uses;
    this.witness = witness;
  }

  /** Reads every class file under {@code classes}. */
  static PackageGraph of(Path classes) {
    Map<String, Set<String>> uses = new TreeMap<>();
    Map<String, String> witness = new HashMap<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String name = classes.relativize(file).toString().replace('\\', '/');
        if (!name.startsWith("dev/netseg/")) {
          continue;
        }
        String from = packageOf(name.substring(0, name.length() - ".class".length()));
        Set<String> targets = uses.computeIfAbsent(from, k -> new TreeSet<>());
        for (String utf8 : utf8Constants(file)) {
          Matcher m = TYPE.matcher(utf8);
          while (m.find()) {
            String to = "dev.netseg." + m.group(1).replace('/', '.');
            if (!to.equals(from)) {
              targets.add(to);
              witness.putIfAbsent(from + ">" + to, name);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read classes under " + classes, e);
    }
    return new PackageGraph(uses, witness);
  }

  Set<String> packages() {
    return uses.keySet();
  }

  Set<String> uses(String pkg) {
    return uses.getOrDefault(pkg, Set.of());
  }

  /** "from -> to (e.g. dev/netseg/from/Some.class)". */
  String describe(String from, String to) {
    return from + " -> " + to + " (e.g. " + witness.get(from + ">" + to) + ")";
  }

  /**
   * The groups of packages that depend on each other in a circle (strongly connected components of
   * two or more packages), each sorted.
   */
  List<Set<String>> cycles() {
    return new Tarjan().run();
  }

  private static String packageOf(String internalName) {
    return internalName.substring(0, internalName.lastIndexOf('/')).replace('/', '.');
  }

  /** The strings of a class file's constant pool (class names, descriptors, signatures). */
  private static List<String> utf8Constants(Path classFile) throws IOException {
    try (InputStream raw = Files.newInputStream(classFile);
        DataInputStream in = new DataInputStream(raw)) {
      if (in.readInt() != 0xCAFEBABE) {
        throw new IOException(classFile + " is not a class file");
      }
      in.readUnsignedShort(); // minor version
      in.readUnsignedShort(); // major version
      int count = in.readUnsignedShort();
      List<String> strings = new ArrayList<>();
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> strings.add(in.readUTF()); // Utf8
          case 7, 8, 16, 19, 20 -> in.skipBytes(2); // Class, String, MethodType, Module, Package
          case 15 -> in.skipBytes(3); // MethodHandle
          case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4); // Integer ... InvokeDynamic
          case 5, 6 -> {
            in.skipBytes(8); // Long, Double take two entries
            i++;
          }
          default -> throw new IOException(classFile + ": unknown constant pool tag " + tag);
        }
      }
      return strings;
    }
  }

  /** Tarjan's strongly connected components over {@link #uses}. */
  private final class Tarjan {
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> low = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final Set<String> onStack = new TreeSet<>();
    private final List<Set<String>> found = new ArrayList<>();

    List<Set<String>> run() {
      for (String pkg : uses.keySet()) {
        if (!index.containsKey(pkg)) {
          visit(pkg);
        }
      }
      return found;
    }

    private void visit(String pkg) {
      index.put(pkg, index.size());
      low.put(pkg, index.get(pkg));
      stack.push(pkg);
      onStack.add(pkg);
      for (String next : uses(pkg)) {
        if (!index.containsKey(next)) {
          visit(next);
          low.put(pkg, Math.min(low.get(pkg), low.get(next)));
        } else if (onStack.contains(next)) {
          low.put(pkg, Math.min(low.get(pkg), index.get(next)));
        }
      }
      if (low.get(pkg).equals(index.get(pkg))) {
        Set<String> component = new TreeSet<>();
        String member;
        do {
          member = stack.pop();
          onStack.remove(member);
          component.add(member);
        } while (!member.equals(pkg));
        if (component.size() > 1) {
          found.add(component);
        }
      }
    }
  }
}
