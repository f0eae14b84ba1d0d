package dev.openlines.workflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** Nothing of the embedded runtime is reachable from the network: engine and store use loopback. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EmbeddedRuntimeExposureTest {

  @Autowired EmbeddedRuntime runtime;
  @Autowired ZeebeTestEngine engine;

  @Test
  void engineAndStoreListenOnLoopbackOnly() throws Exception {
    assertThat(engine).isInstanceOf(EmbeddedZeebeEngine.class);
    EmbeddedZeebeEngine embedded = (EmbeddedZeebeEngine) engine;
    assertThat(embedded.listenAddresses())
        .isNotEmpty()
        .allSatisfy(a -> assertThat(((InetSocketAddress) a).getAddress().isLoopbackAddress()).isTrue());
    InetSocketAddress store = runtime.storeAddress();
    assertThat(store.getAddress().isLoopbackAddress()).isTrue();

    for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!network.isUp() || network.isLoopback()) {
        continue;
      }
      for (InetAddress address : Collections.list(network.getInetAddresses())) {
        assertThat(EmbeddedZeebeEngineTest.acceptsConnection(address, embedded.port()))
            .as("engine reachable on %s", address)
            .isFalse();
        assertThat(EmbeddedZeebeEngineTest.acceptsConnection(address, store.getPort()))
            .as("store reachable on %s", address)
            .isFalse();
      }
    }
  }
}
