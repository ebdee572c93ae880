package io.portcullis.orders.order;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

interface OrderRepository extends ListCrudRepository<Order, UUID> {

    @Query("""
            SELECT * FROM orders
            WHERE (CAST(:userId AS uuid) IS NULL OR user_id = CAST(:userId AS uuid))
              AND (CAST(:status AS text) IS NULL OR status = CAST(:status AS text))
            ORDER BY created_at, id
            LIMIT :limit OFFSET :offset""")
    List<Order> search(UUID userId, String status, int limit, long offset);

    @Query("""
            SELECT count(*) FROM orders
            WHERE (CAST(:userId AS uuid) IS NULL OR user_id = CAST(:userId AS uuid))
              AND (CAST(:status AS text) IS NULL OR status = CAST(:status AS text))""")
    long countMatching(UUID userId, String status);

}
