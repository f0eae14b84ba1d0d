package dev.openlines.workflow.embedded;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import io.camunda.client.CamundaClientConfiguration;
import io.camunda.client.impl.CamundaClientImpl;
import io.camunda.client.impl.util.ExecutorResource;
import io.camunda.client.impl.util.VersionUtil;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application's Camunda client talks to the embedded engine in process instead of through its
 * loopback port. Every engine call of a conversation (its start, each job pushed and completed, each
 * message) then skips the socket, HTTP/2 framing and protobuf encoding on both sides; the engine
 * sees the same service and the same access check.
 *
 * <p>The Camunda starter defines its client without a "missing bean" condition, so a second
 * definition would clash with it. Its definition is replaced instead, by one built from the same
 * {@link CamundaClientConfiguration} (credentials, interceptors, job executor, JSON mapper) with the
 * in-process channel where the starter would open a Netty one.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "openlines.embedded.enabled", havingValue = "true", matchIfMissing = true)
class InProcessEngineClientConfig {

  private static final String CLIENT_BEAN = "camundaClient";
  /** The Camunda client's retry policy per gateway call (the file its Netty channel reads too). */
  private static final String SERVICE_CONFIG = "gateway-service-config.json";

  @Bean
  static BeanDefinitionRegistryPostProcessor inProcessCamundaClient() {
    return new BeanDefinitionRegistryPostProcessor() {
      @Override
      public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        // Nothing here: the factory is needed to build the client, see below.
      }

      @Override
      public void postProcessBeanFactory(ConfigurableListableBeanFactory factory) {
        if (!(factory instanceof BeanDefinitionRegistry registry) || !registry.containsBeanDefinition(CLIENT_BEAN)) {
          return;
        }
        RootBeanDefinition inProcess =
            new RootBeanDefinition(
                CamundaClient.class,
                () -> create(factory.getBean(CamundaClientConfiguration.class), factory.getBean(EmbeddedZeebeEngine.class)));
        inProcess.setDestroyMethodName("close");
        registry.removeBeanDefinition(CLIENT_BEAN);
        registry.registerBeanDefinition(CLIENT_BEAN, inProcess);
      }
    };
  }

  /** What the starter builds, with the engine's in-process channel in place of a Netty one. */
  static CamundaClient create(CamundaClientConfiguration configuration, EmbeddedZeebeEngine engine) {
    ManagedChannel channel =
        engine
            .inProcessChannel()
            .userAgent("openlines-in-process/" + VersionUtil.getVersion())
            .maxInboundMessageSize(configuration.getMaxMessageSize())
            .maxInboundMetadataSize(configuration.getMaxMetadataSize())
            .defaultServiceConfig(retryPolicy())
            .enableRetry()
            .build();
    return new CamundaClientImpl(
        configuration,
        channel,
        CamundaClientImpl.buildGatewayStub(channel, configuration),
        new ExecutorResource(configuration.jobWorkerExecutor(), configuration.ownsJobWorkerExecutor()));
  }

  private static Map<String, ?> retryPolicy() {
    try (InputStream json = InProcessEngineClientConfig.class.getClassLoader().getResourceAsStream(SERVICE_CONFIG)) {
      if (json == null) {
        throw new IllegalStateException(SERVICE_CONFIG + " is missing from the classpath (zeebe-gateway-protocol-impl)");
      }
      return new ObjectMapper().readValue(json, new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + SERVICE_CONFIG, e);
    }
  }
}
