-- Revision 2: bookkeeping for the stored procedures and functions of sql/procedures/.
-- `monitor-admin db migrate` (re)installs a procedure file only when its SHA-256 differs
-- from the one recorded here, so a second migrate changes nothing.
CREATE TABLE `schema_procedures` (
  `file` varchar(255) NOT NULL,
  `checksum` char(64) NOT NULL,
  `installed_on` datetime NOT NULL,
  PRIMARY KEY (`file`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
