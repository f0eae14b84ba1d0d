package dev.openlines.workflow.embedded.store;

import de.bwaldvogel.mongo.MongoThreadFactory;
import de.bwaldvogel.mongo.wire.MongoDatabaseHandler;
import de.bwaldvogel.mongo.wire.MongoExceptionHandler;
import de.bwaldvogel.mongo.wire.MongoWireMessageEncoder;
import de.bwaldvogel.mongo.wire.MongoWireProtocolHandler;
import de.bwaldvogel.mongo.wire.MongoWireReplyEncoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded document store: a MongoDB-wire server (mongo-java-server's protocol handling) on
 * loopback, over an MVStore file, with real secondary indexes, BSON storage, durable
 * acknowledgement (group commit) and per-start credentials.
 */
public final class DocumentStore implements AutoCloseable {

  /**
   * The default of {@code openlines.embedded.store.compaction-fill-rate}: MVStore rewrites the live
   * pages of the emptiest chunks while less than this share (percent) of the file is live. Every commit
   * replaces pages, so the fuller the file is kept, the more the background writer rewrites per byte a
   * commit writes (at MVStore's default of 90 %, up to nine). Those rewrites also went through 1-5 MB
   * buffers, which G1 allocates as humongous objects, each starting a marking cycle. At 50 %, warm at 30
   * new conversations/s, a conversation cost 4-14 % less CPU and peak RSS was 230-260 MB lower (two pairs
   * of runs), for a file ~3.5 times as large under load (bench/RESULTS.md, twenty-third sitting). While
   * commits go on, MVStore (2.3) compares the square of the fill rate with a share never below 50 %, so at
   * 70 % or less it rewrites pages only when the store is idle. With 100,000 conversations stored two pairs
   * of runs split (twenty-fourth sitting), hence a setting.
   */
  public static final int DEFAULT_COMPACTION_FILL_RATE = 50;

  /** How long a replaced chunk is kept when every commit is forced to the disk. */
  static final int FSYNCED_RETENTION_MILLIS = 1_000;

  private static final Logger log = LoggerFactory.getLogger(DocumentStore.class);

  /** How a commit reaches the disk before a write is acknowledged. */
  public enum Durability {
    /** Written and forced to the device (fsync): survives a process crash and a power loss. */
    FSYNC,
    /** Written to the operating system: survives a process crash (kill -9), not a power loss. */
    WRITE
  }

  private final MVStore mvStore;
  private final StoreBackend backend;
  private final GroupCommitter committer;
  private final StoreCredentials credentials;
  private final StoreStats stats;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Channel serverChannel;

  private DocumentStore(MVStore mvStore, StoreBackend backend, GroupCommitter committer, StoreCredentials credentials,
      StoreStats stats, EventLoopGroup boss, EventLoopGroup workers, Channel serverChannel) {
    this.mvStore = mvStore;
    this.backend = backend;
    this.committer = committer;
    this.credentials = credentials;
    this.stats = stats;
    this.boss = boss;
    this.workers = workers;
    this.serverChannel = serverChannel;
  }

  /**
   * Opens the store file ({@code null}: memory only, nothing committed) and listens on {@code address}.
   */
  public static DocumentStore start(String file, InetSocketAddress address, Durability durability) {
    return start(file, address, durability, DEFAULT_COMPACTION_FILL_RATE);
  }

  /** As {@link #start(String, InetSocketAddress, Durability)}, compacting the file below {@code compactionFillRate} percent live. */
  public static DocumentStore start(String file, InetSocketAddress address, Durability durability, int compactionFillRate) {
    long started = System.nanoTime();
    MVStore.Builder builder = new MVStore.Builder();
    builder.autoCompactFillRate(compactionFillRate);
    if (file != null) {
      builder.fileName(file);
    }
    MVStore mvStore = builder.open();
    if (file != null && durability == Durability.FSYNC) {
      // MVStore keeps replaced chunks 45 s by default in case the disk has not flushed them; every commit
      // here is forced to the disk first, so their space can be reused at once. With the default the file
      // grew by the last 45 s of rewritten pages under load (100-200 MB per 1,000 conversations).
      mvStore.setRetentionTime(FSYNCED_RETENTION_MILLIS);
    }
    StoreStats stats = new StoreStats();
    StoreBackend backend;
    try {
      backend = new StoreBackend(mvStore, stats);
    } catch (RuntimeException e) {
      mvStore.closeImmediately();
      throw e;
    }
    long opened = System.nanoTime();
    GroupCommitter committer = file == null ? null : new GroupCommitter(mvStore, durability == Durability.FSYNC, stats);
    StoreCredentials credentials = StoreCredentials.random();
    EventLoopGroup boss = new NioEventLoopGroup(1, new MongoThreadFactory("openlines-store-accept"));
    EventLoopGroup workers = new NioEventLoopGroup(0, new MongoThreadFactory("openlines-store-worker"));
    ChannelGroup channels = new DefaultChannelGroup("openlines-store", workers.next());
    try {
      Channel channel = new ServerBootstrap()
          .group(boss, workers)
          .channel(NioServerSocketChannel.class)
          .option(ChannelOption.SO_BACKLOG, 100)
          .localAddress(address)
          .childOption(ChannelOption.TCP_NODELAY, Boolean.TRUE)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            public void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(new MongoWireReplyEncoder());
              ch.pipeline().addLast(new MongoWireMessageEncoder());
              ch.pipeline().addLast(new MongoWireProtocolHandler());
              ch.pipeline().addLast(new StoreRequestHandler(backend, committer, credentials, stats));
              ch.pipeline().addLast(new MongoDatabaseHandler(backend, channels));
              ch.pipeline().addLast(new MongoExceptionHandler());
            }
          })
          .bind()
          .syncUninterruptibly()
          .channel();
      log.info("Document store {} opened in {} ms (indexes rebuilt), listening on {}, durability {}",
          file == null ? "in memory" : file, (opened - started) / 1_000_000, channel.localAddress(),
          file == null ? "none (memory only)" : durability);
      return new DocumentStore(mvStore, backend, committer, credentials, stats, boss, workers, channel);
    } catch (RuntimeException e) {
      boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      if (committer != null) {
        committer.close();
      }
      mvStore.closeImmediately();
      throw e;
    }
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /** Connection string with this start's credentials (SASL PLAIN); keep it out of logs. */
  public String connectionUri(String database) {
    // Connections a burst opened are closed after 20 idle seconds: the pool shrinks back after a flood.
    return "mongodb://" + credentials.user() + ":" + URLEncoder.encode(credentials.password(), StandardCharsets.UTF_8)
        + "@127.0.0.1:" + address().getPort() + "/" + database + "?authMechanism=PLAIN&authSource=%24external&maxIdleTimeMS=20000";
  }

  public StoreStats stats() {
    return stats;
  }

  /** Percent of the file's chunks that is live (100 in memory): what background compaction keeps above its fill rate. */
  public int liveChunksPercent() {
    return mvStore.getFileStore() == null ? 100 : mvStore.getFileStore().getChunksFillRate();
  }

  /** Size of the store file in bytes (0 in memory). */
  public long fileSize() {
    return mvStore.getFileStore() == null ? 0 : mvStore.getFileStore().size();
  }

  @Override
  public void close() {
    serverChannel.close().syncUninterruptibly();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    if (committer != null) {
      committer.close();
    }
    backend.close();
    if (mvStore.getFileStore() != null) {
      try {
        // Move live chunks together and cut the free tail, so the file tracks what is kept.
        mvStore.compactFile(2_000);
      } catch (RuntimeException e) {
        log.warn("Compacting the store file at close failed; it stays as it is", e);
      }
    }
    mvStore.close();
  }
}
