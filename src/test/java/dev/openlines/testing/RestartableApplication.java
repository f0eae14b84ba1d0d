package dev.openlines.testing;

import static org.awaitility.Awaitility.await;

import dev.openlines.OpenLinesApplication;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.operator.Operator;
import dev.openlines.routing.Offer;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingService;
import dev.openlines.workflow.Workflow;
import dev.openlines.workflow.embedded.EmbeddedRuntime;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import dev.openlines.security.ApiKeyService;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * One run of the whole application as `mvn spring-boot:run` starts it, on a store file in a test's own
 * directory, so that a restart test can stop it and start it again on the same store with a fresh engine.
 * Not the shared Spring test context: that one keeps its store in memory. Each start takes seconds, so
 * keep them few.
 */
public record RestartableApplication(ConfigurableApplicationContext context) implements AutoCloseable {

  /** Start-up and recovery of a whole application take longer than a step in the shared context. */
  public static final Duration WAIT = Duration.ofSeconds(60);

  /** Starts the application on the store and engine state kept in {@code dataDir}. */
  public static RestartableApplication start(Path dataDir, String... extraArgs) {
    List<String> args = new ArrayList<>(List.of(
        "--openlines.embedded.store.path=" + dataDir.resolve("store.mv.db"),
        "--openlines.embedded.engine.state-dir=" + dataDir.resolve("engine"),
        "--server.port=0"));
    args.addAll(List.of(extraArgs));
    return new RestartableApplication(new SpringApplicationBuilder(OpenLinesApplication.class).run(args.toArray(String[]::new)));
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  public ZeebeTestEngine engine() {
    return bean(ZeebeTestEngine.class);
  }

  public Conversation conversation(String id) {
    return bean(ConversationRepository.class).findById(id).orElseThrow();
  }

  /** A new client's first message through ingestion, as in production; the id of the conversation it opened. */
  public String startConversation(String channelId) {
    return bean(ClientConversations.class).open(channelId);
  }

  /** Started, offered to the operator and answered by them through the operator API: in progress. */
  public String startConversationHeldBy(String channelId, String operatorId) {
    String id = startConversation(channelId);
    await().atMost(WAIT).until(() -> openOffers(id).equals(List.of(operatorId)));
    ResponseEntity<String> answered = asOperator(operatorId, HttpMethod.POST, "/api/conversations/" + id + "/answer", null);
    if (answered.getStatusCode().value() != 204) {
      throw new AssertionError("Answering " + id + " as " + operatorId + " gave " + answered.getStatusCode() + ": " + answered.getBody());
    }
    await().atMost(WAIT).until(() -> conversation(id).getStatus() == ConversationStatus.IN_PROGRESS);
    return id;
  }

  /** This run's HTTP API (the port is picked at each start). */
  public TestRestTemplate http() {
    String port = context.getEnvironment().getRequiredProperty("local.server.port");
    return new TestRestTemplate(new RestTemplateBuilder().rootUri("http://127.0.0.1:" + port));
  }

  /** A call to the API with the operator's key, as their client would make it. */
  public ResponseEntity<String> asOperator(String operatorId, HttpMethod method, String path, Object body) {
    String key = new ApiTokens(bean(ApiKeyService.class)).operator(operatorId);
    return http().exchange(path, method, ApiTokens.request(key, body), String.class);
  }

  /** The operators the conversation is offered to right now. */
  public List<String> openOffers(String conversationId) {
    return bean(RoutingService.class).offers(conversationId).stream()
        .filter(o -> o.status() == OfferStatus.OFFERED)
        .map(Offer::operatorId)
        .toList();
  }

  /** The operator's load in the channel as stored (read through a projection, as the service reads it). */
  public int load(String operatorId, String channelId) {
    Query query = Query.query(Criteria.where("_id").is(operatorId));
    query.fields().include("load");
    return bean(MongoTemplate.class).findOne(query, Operator.class).loadIn(channelId);
  }

  /** Waits until recovery recreated the conversation's process in this engine run; returns its key. */
  public long awaitRecovered(String conversationId) {
    String run = bean(EmbeddedRuntime.class).engineRunId();
    await().atMost(WAIT).until(() -> {
      Conversation c = conversation(conversationId);
      return run.equals(c.getEngineRunId()) && c.getProcessInstanceKey() != null;
    });
    return conversation(conversationId).getProcessInstanceKey();
  }

  public void publish(String message, String conversationId) {
    bean(CamundaClient.class).newPublishMessageCommand().messageName(message).correlationKey(conversationId).send().join();
  }

  @Override
  public void close() {
    context.close();
  }
}
