package dev.openlines.channel;

import org.springframework.data.mongodb.repository.MongoRepository;

public interface ChannelRepository extends MongoRepository<OpenChannel, String> {}
