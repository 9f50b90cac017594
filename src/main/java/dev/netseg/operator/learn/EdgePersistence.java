package dev.netseg.operator.learn;

import dev.netseg.flows.EdgeCodec;
import dev.netseg.flows.EdgeSnapshot;
import dev.netseg.flows.EdgeStore;
import dev.netseg.operator.apply.PolicyWriter;
import dev.netseg.operator.apply.WriteMode;
import dev.netseg.operator.crd.LearnedEdges;
import dev.netseg.operator.crd.LearnedEdgesSpec;
import dev.netseg.operator.plan.Ownership;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the learned edges in the cluster so that a restart or a leader change loses none.
 *
 * <p>For each profile, the edges touching its namespace (learned and attempted) are encoded with
 * {@link EdgeCodec} and written as LearnedEdges objects {@code <profile>-edges-<slot>} in the
 * profile's namespace, owned by the profile (garbage-collected with it) and labelled {@code
 * app.kubernetes.io/managed-by: netseg}, {@code netseg.dev/profile: <profile>}. Each complete write
 * is a new {@code epoch} (one more than any stored): its chunks go to slots no stored object uses,
 * and only once all are written are the objects of older epochs deleted. A reader uses the newest
 * complete epoch, so a crash in the middle of a write leaves the previous epoch to load.
 *
 * <p>A profile whose encoded edges are the bytes last written (or loaded) is not written again: an
 * idle operator makes no request at all. Before writing, edges last seen before the longest
 * retention of the profiles are forgotten.
 */
public final class EdgePersistence implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EdgePersistence.class);
  private static final String SLOT_INFIX = "-edges-";
  private static final int MAX_NAME = 253;
  private static final int MAX_LABEL_VALUE = 63;

  private final KubernetesClient client;
  private final EdgeStore store;
  private final Supplier<? extends Collection<ProfileRef>> profiles;
  private final Set<String> namespaces;
  private final WriteMode mode;
  private final EdgeCodec codec;
  private final Clock clock;

  // Guarded by this.
  private final Map<String, String> fingerprints = new HashMap<>(); // profile uid -> sha-256
  private final Set<String> failing = new HashSet<>();
  private boolean loaded;
  private ScheduledFuture<?> schedule;

  /** What {@link #loadAll()} found. */
  public record LoadResult(int profiles, int edges, List<String> problems) {
    public LoadResult {
      problems = List.copyOf(problems);
    }
  }

  /** What one {@link #flushNow()} did. */
  public record FlushResult(int written, int unchanged, int failed, int expired) {}

  /**
   * @param store the store to load into and persist from ({@link FlowLearning#store()})
   * @param profiles the profiles now (from the informer cache), asked at every flush
   * @param namespaces the namespaces the operator watches; empty means all
   * @param mode server-side apply for real clusters, create-or-update for the CRUD mock
   */
  public EdgePersistence(
      KubernetesClient client,
      EdgeStore store,
      Supplier<? extends Collection<ProfileRef>> profiles,
      Set<String> namespaces,
      WriteMode mode,
      EdgeCodec codec,
      Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.store = Objects.requireNonNull(store, "store");
    this.profiles = Objects.requireNonNull(profiles, "profiles");
    this.namespaces = Set.copyOf(namespaces);
    this.mode = Objects.requireNonNull(mode, "mode");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** With {@link EdgeCodec}'s default chunk size and the system clock. */
  public EdgePersistence(
      KubernetesClient client,
      EdgeStore store,
      Supplier<? extends Collection<ProfileRef>> profiles,
      Set<String> namespaces,
      WriteMode mode) {
    this(client, store, profiles, namespaces, mode, new EdgeCodec(), Clock.systemUTC());
  }

  /**
   * Reads every LearnedEdges object netseg wrote and merges, per profile, the newest complete epoch
   * into the store. Call once, before any source starts. Objects that cannot be read are reported
   * in the result and logged, never fatal: the previous epoch is used instead, if complete.
   *
   * @throws IllegalStateException when called twice (counts would be added twice)
   */
  public synchronized LoadResult loadAll() {
    if (loaded) {
      throw new IllegalStateException("learned edges are already loaded");
    }
    List<LearnedEdges> objects = new ArrayList<>();
    if (namespaces.isEmpty()) {
      objects.addAll(
          client
              .resources(LearnedEdges.class)
              .inAnyNamespace()
              .withLabel(Ownership.MANAGED_BY_LABEL, Ownership.MANAGED_BY_VALUE)
              .list()
              .getItems());
    } else {
      for (String ns : namespaces) {
        objects.addAll(
            client
                .resources(LearnedEdges.class)
                .inNamespace(ns)
                .withLabel(Ownership.MANAGED_BY_LABEL, Ownership.MANAGED_BY_VALUE)
                .list()
                .getItems());
      }
    }
    StoredEdges.Read read = StoredEdges.read(objects, codec);
    fingerprints.putAll(read.fingerprints());
    EdgeSnapshot merged = read.edges();
    store.addAll(merged);
    loaded = true;
    read.problems().forEach(p -> LOG.warn("{}", p));
    LOG.info(
        "Loaded {} learned edges of {} profiles from {} LearnedEdges objects",
        merged.size(),
        read.profiles(),
        objects.size());
    return new LoadResult(read.profiles(), merged.size(), read.problems());
  }

  /** Flushes every {@code interval} on {@code executor} until {@link #close()}. */
  public synchronized void start(ScheduledExecutorService executor, Duration interval) {
    if (schedule != null) {
      throw new IllegalStateException("edge persistence is already started");
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("flush interval must be positive: " + interval);
    }
    long millis = interval.toMillis();
    schedule =
        executor.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * How long a graceful shutdown keeps retrying a last flush that fails (the API server briefly
   * unreachable, a rollout of it): within the chart's 30 s termination grace period, which must
   * also cover the reconciler's 15 s to finish.
   */
  static final Duration SHUTDOWN_FLUSH_BUDGET = Duration.ofSeconds(10);

  private static final Duration FIRST_RETRY = Duration.ofMillis(250);
  private static final Duration LONGEST_RETRY = Duration.ofSeconds(2);

  /**
   * Stops the schedule and flushes one last time (graceful shutdown), retrying profiles that fail
   * for up to {@link #SHUTDOWN_FLUSH_BUDGET}: edges not written now are lost with this process.
   */
  @Override
  public void close() {
    closeWithin(SHUTDOWN_FLUSH_BUDGET);
  }

  /** {@link #close()} with another retry budget. */
  void closeWithin(Duration budget) {
    ScheduledFuture<?> s;
    synchronized (this) {
      s = schedule;
      schedule = null;
    }
    if (s != null) {
      s.cancel(false);
    }
    long deadline = System.nanoTime() + budget.toNanos();
    Duration pause = FIRST_RETRY;
    while (true) {
      int failed = flushQuietly();
      if (failed == 0) {
        return;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        LOG.error(
            "Learned edges of {} profile(s) could not be persisted before shutdown (tried for {}"
                + " ms): the edges they learned since their last successful flush are lost. Check"
                + " that the operator can reach the API server and write LearnedEdges objects.",
            failed,
            budget.toMillis());
        return;
      }
      try {
        Thread.sleep(Math.min(pause.toMillis(), Math.max(1, left / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        LOG.error(
            "Interrupted while retrying the last flush: learned edges of {} profile(s) are lost",
            failed);
        return;
      }
      Duration doubled = pause.multipliedBy(2);
      pause = doubled.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : doubled;
    }
  }

  /** Flushes, logging rather than throwing; the number of profiles that failed (1 if all did). */
  private int flushQuietly() {
    try {
      return flushNow().failed();
    } catch (RuntimeException e) {
      // Never let an exception end the schedule: the next flush tries again.
      LOG.warn("Flushing learned edges failed: {}", e.toString());
      return 1;
    }
  }

  /**
   * Writes the edges of every profile whose edges changed since they were last written or loaded; a
   * profile that fails is tried again at the next flush, with its previous epoch intact.
   */
  public synchronized FlushResult flushNow() {
    Instant now = clock.instant();
    List<ProfileRef> current = List.copyOf(profiles.get());
    int expired = expire(current, now);
    EdgeSnapshot all = store.snapshot();
    Map<String, EdgeSnapshot> byNamespace = new HashMap<>();
    int written = 0;
    int unchanged = 0;
    int failed = 0;
    Set<String> uids = new HashSet<>();
    for (ProfileRef p : current) {
      uids.add(p.uid());
      EdgeSnapshot view =
          byNamespace.computeIfAbsent(p.namespace(), ns -> EdgeViews.touching(all, ns));
      List<byte[]> chunks = codec.encode(view);
      String fp = StoredEdges.fingerprint(chunks);
      String before = fingerprints.get(p.uid());
      if (fp.equals(before) || (before == null && view.size() == 0)) {
        unchanged++; // nothing new, or nothing ever learned: no request at all
        continue;
      }
      try {
        write(p, chunks);
        fingerprints.put(p.uid(), fp);
        written++;
        if (failing.remove(p.uid())) {
          LOG.info("Learned edges of profile {} are persisted again", p);
        }
      } catch (RuntimeException e) {
        failed++;
        if (failing.add(p.uid())) {
          LOG.warn(
              "Cannot persist the learned edges of profile {} (kept in memory and retried): {}",
              p,
              e.toString());
        } else {
          LOG.debug("Persisting the learned edges of profile {} still fails: {}", p, e.toString());
        }
      }
    }
    fingerprints.keySet().retainAll(uids);
    failing.retainAll(uids);
    if (written > 0 || failed > 0) {
      LOG.debug(
          "Flushed learned edges: {} profiles written, {} unchanged, {} failed",
          written,
          unchanged,
          failed);
    }
    return new FlushResult(written, unchanged, failed, expired);
  }

  /** Forgets edges older than the longest retention; keeps all when any retention is unknown. */
  private int expire(List<ProfileRef> current, Instant now) {
    Duration longest = null;
    for (ProfileRef p : current) {
      if (p.retention().isEmpty()) {
        return 0;
      }
      Duration r = p.retention().get();
      longest = longest == null || r.compareTo(longest) > 0 ? r : longest;
    }
    return longest == null ? 0 : store.expire(now, longest);
  }

  /** One complete epoch: new chunks in free slots, then the older objects deleted. */
  private void write(ProfileRef p, List<byte[]> chunks) {
    String base = nameBase(p.name());
    List<LearnedEdges> existing =
        client
            .resources(LearnedEdges.class)
            .inNamespace(p.namespace())
            .withLabel(Ownership.PROFILE_LABEL, labelValue(p.name()))
            .list()
            .getItems()
            .stream()
            .filter(o -> o.getSpec() != null && p.name().equals(o.getSpec().getProfile()))
            .toList();
    long epoch = 0;
    Set<Integer> usedSlots = new HashSet<>();
    for (LearnedEdges o : existing) {
      Long e = StoredEpochs.epoch(o.getSpec().getEpoch());
      epoch = Math.max(epoch, e == null ? 0 : e);
      slot(base, o.getMetadata().getName()).ifPresent(usedSlots::add);
    }
    epoch++;
    int slot = 0;
    for (int i = 0; i < chunks.size(); i++) {
      while (usedSlots.contains(slot)) {
        slot++;
      }
      usedSlots.add(slot);
      put(chunkObject(p, base + SLOT_INFIX + slot, epoch, i, chunks));
    }
    for (LearnedEdges old : existing) {
      client
          .resources(LearnedEdges.class)
          .inNamespace(p.namespace())
          .withName(old.getMetadata().getName())
          .delete();
    }
  }

  private void put(LearnedEdges object) {
    var resource =
        client
            .resources(LearnedEdges.class)
            .inNamespace(object.getMetadata().getNamespace())
            .resource(object);
    if (mode == WriteMode.SERVER_SIDE_APPLY) {
      resource.patch(
          new PatchContext.Builder()
              .withPatchType(PatchType.SERVER_SIDE_APPLY)
              .withFieldManager(PolicyWriter.FIELD_MANAGER)
              .withForce(true)
              .build());
    } else {
      resource.createOr(existing -> existing.update());
    }
  }

  private static LearnedEdges chunkObject(
      ProfileRef p, String name, long epoch, int index, List<byte[]> chunks) {
    LearnedEdges o = new LearnedEdges();
    Ownership.Owner owner =
        new Ownership.Owner(
            ProfileRef.API_VERSION, ProfileRef.KIND, p.namespace(), p.name(), p.uid());
    OwnerReference ref = Ownership.referenceTo(owner);
    o.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(p.namespace())
            .withName(name)
            .withLabels(
                Map.of(
                    Ownership.MANAGED_BY_LABEL,
                    Ownership.MANAGED_BY_VALUE,
                    Ownership.PROFILE_LABEL,
                    labelValue(p.name())))
            .withOwnerReferences(ref)
            .build());
    LearnedEdgesSpec spec = new LearnedEdgesSpec();
    spec.setProfile(p.name());
    spec.setEpoch(Long.toString(epoch));
    spec.setChunk(index);
    spec.setChunks(chunks.size());
    spec.setData(Base64.getEncoder().encodeToString(chunks.get(index)));
    o.setSpec(spec);
    return o;
  }

  /** The profile's name, shortened with a hash when the object names would pass 253 characters. */
  static String nameBase(String profile) {
    int room = MAX_NAME - SLOT_INFIX.length() - 6; // up to 6 slot digits
    return profile.length() <= room ? profile : shortened(profile, room);
  }

  /** The profile's name as a label value, shortened with a hash past 63 characters. */
  static String labelValue(String profile) {
    return profile.length() <= MAX_LABEL_VALUE ? profile : shortened(profile, MAX_LABEL_VALUE);
  }

  private static String shortened(String name, int length) {
    String hash = StoredEdges.sha256(name.getBytes(StandardCharsets.UTF_8)).substring(0, 10);
    String head = name.substring(0, length - hash.length() - 1);
    while (!head.isEmpty() && !Character.isLetterOrDigit(head.charAt(head.length() - 1))) {
      head = head.substring(0, head.length() - 1);
    }
    return head + "-" + hash;
  }

  private static Optional<Integer> slot(String base, String objectName) {
    String prefix = base + SLOT_INFIX;
    if (!objectName.startsWith(prefix)) {
      return Optional.empty();
    }
    String digits = objectName.substring(prefix.length());
    if (digits.isEmpty() || digits.length() > 6 || !digits.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    return Optional.of(Integer.parseInt(digits));
  }
}
