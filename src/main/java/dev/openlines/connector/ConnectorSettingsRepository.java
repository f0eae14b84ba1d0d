package dev.openlines.connector;

import java.util.List;
import org.springframework.data.mongodb.repository.MongoRepository;

interface ConnectorSettingsRepository extends MongoRepository<ConnectorSettings, String> {

  List<ConnectorSettings> findByChannelId(String channelId);

  List<ConnectorSettings> findByType(String type);
}
