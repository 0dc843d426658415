import { Module } from '@nestjs/common';
import { GetMetadataController } from './get-metadata/get-metadata.controller';

/** What GitLab release this instance answers as. */
@Module({ controllers: [GetMetadataController] })
export class MetadataModule {}
