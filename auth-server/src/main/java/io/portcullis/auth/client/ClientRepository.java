package io.portcullis.auth.client;

import org.springframework.data.repository.ListCrudRepository;

public interface ClientRepository extends ListCrudRepository<Client, String> {

}
