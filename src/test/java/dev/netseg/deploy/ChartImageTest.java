package dev.netseg.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The chart's default image is the one the build produces (the jib configuration in pom.xml), and
 * the jib image, the Dockerfile and the chart agree on the user and the command.
 */
class ChartImageTest {
  static Pom pom;
  static PodSpec pod;

  @BeforeAll
  static void load() throws Exception {
    pom = Pom.read(Path.of("pom.xml"));
    pod = HelmChart.render("{}").one(Deployment.class).getSpec().getTemplate().getSpec();
  }

  @Test
  void chartDefaultImageIsTheImageJibBuilds() {
    assertThat(pod.getContainers().get(0).getImage()).isEqualTo(pom.jib("to/image"));
  }

  @Test
  void chartAppVersionIsTheProjectVersion() throws IOException {
    JsonNode chart = new YAMLMapper().readTree(HelmChart.DIR.resolve("Chart.yaml").toFile());

    assertThat(chart.path("appVersion").asText())
        .isEqualTo(pom.resolve("${project.version}").replace("-SNAPSHOT", ""))
        .isEqualTo(pom.resolve("${image.tag}"));
  }

  @Test
  void imagesRunAsTheUserTheChartRequires() throws IOException {
    String uid = String.valueOf(pod.getSecurityContext().getRunAsUser());

    assertThat(pom.jib("container/user")).isEqualTo(uid + ":" + uid);
    assertThat(Dockerfile.read().last("USER")).isEqualTo(uid + ":" + uid);
  }

  @Test
  void imagesStartTheOperatorFromTheSameMainClass() throws IOException {
    Dockerfile dockerfile = Dockerfile.read();
    ObjectMapper json = new ObjectMapper();

    assertThat(json.readValue(dockerfile.last("ENTRYPOINT"), String[].class))
        .containsExactly("java", "-jar", "/app/netseg.jar");
    assertThat(json.readValue(dockerfile.last("CMD"), String[].class)).containsExactly("operator");
    assertThat(pom.jib("container/mainClass"))
        .isEqualTo("dev.netseg.cli.NetsegMain")
        .isEqualTo(pom.shadeMainClass());
    assertThat(pom.jibArgs()).containsExactly("operator");
  }

  /** The parts of pom.xml these checks read, with ${property} references resolved. */
  record Pom(Document doc, Map<String, String> properties) {
    static Pom read(Path file) throws Exception {
      Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
      Element project = doc.getDocumentElement();
      Map<String, String> props = new HashMap<>();
      props.put("project.version", child(project, "version").getTextContent().trim());
      props.put("project.url", child(project, "url").getTextContent().trim());
      NodeList list = child(project, "properties").getChildNodes();
      for (int i = 0; i < list.getLength(); i++) {
        if (list.item(i) instanceof Element e) {
          props.put(e.getTagName(), e.getTextContent().trim());
        }
      }
      return new Pom(doc, props);
    }

    String resolve(String value) {
      Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(value);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String v = properties.get(m.group(1));
        assertThat(v).as("property %s in pom.xml", m.group(1)).isNotNull();
        m.appendReplacement(out, Matcher.quoteReplacement(resolve(v)));
      }
      m.appendTail(out);
      return out.toString();
    }

    /** A value of the jib plugin's configuration in the image profile, by path. */
    String jib(String path) {
      Element node = jibConfiguration();
      for (String part : path.split("/")) {
        node = child(node, part);
      }
      return resolve(node.getTextContent().trim());
    }

    List<String> jibArgs() {
      NodeList args = child(child(jibConfiguration(), "container"), "args").getChildNodes();
      java.util.ArrayList<String> out = new java.util.ArrayList<>();
      for (int i = 0; i < args.getLength(); i++) {
        if (args.item(i) instanceof Element e) {
          out.add(resolve(e.getTextContent().trim()));
        }
      }
      return out;
    }

    String shadeMainClass() {
      NodeList nodes = doc.getElementsByTagName("mainClass");
      for (int i = 0; i < nodes.getLength(); i++) {
        Node parent = nodes.item(i).getParentNode();
        if (parent instanceof Element e && e.getTagName().equals("transformer")) {
          return nodes.item(i).getTextContent().trim();
        }
      }
      throw new AssertionError("no shade ManifestResourceTransformer mainClass in pom.xml");
    }

    private Element jibConfiguration() {
      NodeList profiles = doc.getElementsByTagName("profile");
      for (int i = 0; i < profiles.getLength(); i++) {
        Element profile = (Element) profiles.item(i);
        if (child(profile, "id").getTextContent().trim().equals("image")) {
          NodeList plugins = profile.getElementsByTagName("plugin");
          for (int j = 0; j < plugins.getLength(); j++) {
            Element plugin = (Element) plugins.item(j);
            if (child(plugin, "artifactId").getTextContent().trim().equals("jib-maven-plugin")) {
              return child(plugin, "configuration");
            }
          }
        }
      }
      throw new AssertionError("no jib-maven-plugin in the 'image' profile of pom.xml");
    }

    private static Element child(Element parent, String name) {
      NodeList list = parent.getChildNodes();
      for (int i = 0; i < list.getLength(); i++) {
        if (list.item(i) instanceof Element e && e.getTagName().equals(name)) {
          return e;
        }
      }
      throw new AssertionError("no <" + name + "> in <" + parent.getTagName() + "> of pom.xml");
    }
  }

  /** Instructions of the Dockerfile (no continuation lines are used for these). */
  record Dockerfile(List<String> lines) {
    static Dockerfile read() throws IOException {
      return new Dockerfile(Files.readAllLines(Path.of("Dockerfile")));
    }

    /** The argument of the last instruction named {@code instruction} (the one that counts). */
    String last(String instruction) {
      String found = null;
      for (String line : lines) {
        if (line.startsWith(instruction + " ")) {
          found = line.substring(instruction.length() + 1).trim();
        }
      }
      assertThat(found).as("%s in Dockerfile", instruction).isNotNull();
      return found;
    }
  }
}
