package dev.openlines.workflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.gateway.protocol.GatewayGrpc;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.TopologyRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded engine's loopback port lets in only the process that started it: a raw gRPC client of
 * another local user, without the per-start token or with a guessed one, is refused before any command.
 */
class EngineAccessTokenTest {

  static EmbeddedZeebeEngine engine;

  @BeforeAll
  static void start() {
    engine = EngineTestSupport.startEngine(1000);
  }

  @AfterAll
  static void stop() {
    engine.stop();
  }

  @Test
  void aClientWithoutTheTokenIsRefusedAndTheApplicationsClientIsLetIn() throws Exception {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", engine.port()).usePlaintext().build();
    try {
      GatewayGrpc.GatewayBlockingStub anonymous = GatewayGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
      Metadata guess = new Metadata();
      guess.put(EngineAccessToken.AUTHORIZATION, "Bearer guessed");
      GatewayGrpc.GatewayBlockingStub guessing = anonymous.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(guess));

      assertThatThrownBy(() -> anonymous.topology(TopologyRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
      assertThatThrownBy(() -> guessing.topology(TopologyRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    } finally {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
    try (CamundaClient application = EngineTestSupport.client(engine)) {
      assertThat(application.newTopologyRequest().send().join().getBrokers()).hasSize(1);
    }
  }
}
