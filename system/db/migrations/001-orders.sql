-- Order Database: system of record of the Order Service.
-- Source: catalog/domains/Ordering/systems/order-management-system/containers/order-database/schema.sql.
-- One deliberate difference: `currency` may be NULL for a cancelled tombstone (a checkout that failed
-- before create-order has no total, hence no currency); a created order must have its currency,
-- total and shipping address.
-- Money columns are minor units next to an ISO 4217 currency code, like the Money object of the
-- message schemas. All lines of an order are in the order's currency.

CREATE TABLE orders (
    order_id              uuid        PRIMARY KEY,
    checkout_id           uuid        NOT NULL UNIQUE,
    cart_id               uuid,
    customer_id           uuid        NOT NULL,
    status                text        NOT NULL
                                      CHECK (status IN ('created', 'completed', 'cancelled')),
    currency              char(3)     CHECK (currency ~ '^[A-Z]{3}$'),
    total_amount          bigint      CHECK (total_amount >= 0),
    shipping_address      jsonb,
    reservation_id        uuid,
    payment_id            uuid,
    authorization_id      text,
    cancellation_reason   text
                                      CHECK (cancellation_reason IN ('out_of_stock', 'payment_declined',
                                             'fraud_suspected', 'checkout_timed_out', 'customer_request')),
    created_at            timestamptz,
    updated_at            timestamptz NOT NULL DEFAULT now(),
    completed_at          timestamptz,
    cancelled_at          timestamptz,
    -- a cancelled tombstone (checkout failed before create-order) has no lines and no created_at
    CHECK (status <> 'cancelled' OR cancellation_reason IS NOT NULL),
    CHECK (status = 'cancelled' OR created_at IS NOT NULL),
    CHECK (created_at IS NULL OR (currency IS NOT NULL AND total_amount IS NOT NULL AND shipping_address IS NOT NULL)),
    CHECK (status <> 'completed' OR completed_at IS NOT NULL),
    CHECK (status <> 'cancelled' OR cancelled_at IS NOT NULL)
);

CREATE INDEX orders_customer_id_idx ON orders (customer_id, created_at DESC);

CREATE TABLE order_items (
    order_item_id         uuid        PRIMARY KEY,
    order_id              uuid        NOT NULL REFERENCES orders (order_id) ON DELETE CASCADE,
    line_number           smallint    NOT NULL CHECK (line_number > 0),
    product_id            uuid        NOT NULL,
    sku                   text        NOT NULL,
    name                  text        NOT NULL,
    quantity              integer     NOT NULL CHECK (quantity BETWEEN 1 AND 999),
    unit_price_amount     bigint      NOT NULL CHECK (unit_price_amount >= 0),
    discount_amount       bigint      NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
    UNIQUE (order_id, line_number)
);

CREATE INDEX order_items_product_id_idx ON order_items (product_id);
