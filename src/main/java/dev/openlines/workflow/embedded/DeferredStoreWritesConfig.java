package dev.openlines.workflow.embedded;

import com.mongodb.ClientSessionOptions;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import org.bson.codecs.configuration.CodecRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.support.PersistenceExceptionTranslator;
import org.springframework.data.mongodb.MongoDatabaseFactory;

/**
 * Job handlers' writes to the embedded store share one commit per job ({@link DeferredStoreWrites}):
 * Spring Boot's database factory is wrapped so that job threads get an unjournaled database (every
 * operation of the template, findAndModify included, takes its collections from it), and a command
 * listener notes which jobs wrote.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "openlines.embedded.enabled", havingValue = "true", matchIfMissing = true)
class DeferredStoreWritesConfig {

  @Bean
  DeferredStoreWrites deferredStoreWrites(ObjectProvider<MongoClient> client) {
    return new DeferredStoreWrites(client);
  }

  @Bean
  MongoClientSettingsBuilderCustomizer jobWritesListener(DeferredStoreWrites writes) {
    return settings -> settings.addCommandListener(writes);
  }

  @Bean
  static BeanPostProcessor jobThreadDatabases(ObjectProvider<DeferredStoreWrites> writes) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof MongoDatabaseFactory factory ? new JobThreadDatabaseFactory(factory, writes.getObject()) : bean;
      }
    };
  }

  /** Spring Boot's factory, handing job threads their unjournaled database. */
  private record JobThreadDatabaseFactory(MongoDatabaseFactory delegate, DeferredStoreWrites writes) implements MongoDatabaseFactory {

    @Override
    public MongoDatabase getMongoDatabase() {
      return writes.forThisThread(delegate.getMongoDatabase());
    }

    @Override
    public MongoDatabase getMongoDatabase(String dbName) {
      return writes.forThisThread(delegate.getMongoDatabase(dbName));
    }

    @Override
    public PersistenceExceptionTranslator getExceptionTranslator() {
      return delegate.getExceptionTranslator();
    }

    @Override
    public CodecRegistry getCodecRegistry() {
      return delegate.getCodecRegistry();
    }

    @Override
    public ClientSession getSession(ClientSessionOptions options) {
      return delegate.getSession(options);
    }

    @Override
    public MongoDatabaseFactory withSession(ClientSession session) {
      return new JobThreadDatabaseFactory(delegate.withSession(session), writes);
    }

    @Override
    public boolean isTransactionActive() {
      return delegate.isTransactionActive();
    }
  }
}
