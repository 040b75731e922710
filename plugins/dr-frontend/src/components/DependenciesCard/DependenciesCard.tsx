/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { InfoCard, Link } from '@backstage/core-components';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import type { EntityPosture } from '@dr-suite/backstage-plugin-dr-common';
import { useDrTabLink } from '../../hooks/useDrTabLink';
import { SectionEmpty } from '../SectionState';
import {
  DrillStatusChip,
  ObjectiveStatusChip,
  OverallStatusChip,
  overallStatusPresentation,
} from '../StatusChip';

const RELATIONS = { dependsOn: 'Depends on', hasPart: 'Part of this system' };

/**
 * The DR posture of what the entity depends on (or, for a system, its
 * parts), each linking to its own DR tab: a healthy service on a database in
 * breach is not healthy.
 */
export function DependenciesCard(props: { posture: EntityPosture }) {
  const { dependencies, dependenciesOverall } = props.posture;
  const drTabLink = useDrTabLink();
  return (
    <InfoCard
      title="Dependencies"
      subheader={
        dependenciesOverall
          ? `Worst of them: ${overallStatusPresentation[dependenciesOverall].label}`
          : undefined
      }
    >
      {dependencies.length ? (
        <TableContainer>
          <Table size="small" aria-label="Dependencies">
            <TableHead>
              <TableRow>
                <TableCell>Entity</TableCell>
                <TableCell>Relation</TableCell>
                <TableCell>Overall</TableCell>
                <TableCell>RPO</TableCell>
                <TableCell>RTO</TableCell>
                <TableCell>Drills</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {dependencies.map(dependency => (
                <TableRow key={dependency.entityRef}>
                  <TableCell>
                    <Link to={drTabLink(dependency.entityRef)}>
                      {dependency.title ??
                        humanizeEntityRef(parseEntityRef(dependency.entityRef))}
                    </Link>
                  </TableCell>
                  <TableCell>{RELATIONS[dependency.relation]}</TableCell>
                  <TableCell>
                    <OverallStatusChip status={dependency.overall} />
                  </TableCell>
                  <TableCell>
                    <ObjectiveStatusChip status={dependency.rpoStatus} />
                  </TableCell>
                  <TableCell>
                    <ObjectiveStatusChip status={dependency.rtoStatus} />
                  </TableCell>
                  <TableCell>
                    <DrillStatusChip status={dependency.drillStatus} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      ) : (
        <SectionEmpty title="No dependencies with a DR posture.">
          Components list what they depend on in spec.dependsOn, systems their
          parts; those show here with their own RPO, RTO and drills.
        </SectionEmpty>
      )}
    </InfoCard>
  );
}
