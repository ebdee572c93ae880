package io.portcullis.auth.scope;

import java.util.List;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

public interface ScopeRepository extends ListCrudRepository<Scope, String> {

    @Query("SELECT name FROM scopes WHERE resource_uri = :resourceUri ORDER BY name")
    List<String> findNamesByResourceUri(String resourceUri);

    @Query("SELECT client_id FROM client_scopes WHERE scope_name = :scope ORDER BY client_id")
    List<String> findClientIdsHolding(String scope);

}
