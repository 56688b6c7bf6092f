import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ContactRepository } from './contact.repository';
import { ContactResolver } from './contact.resolver';
import { ContactDocument, ContactSchema } from './contact.schema';
import { ContactService } from './contact.service';

@Module({
  imports: [MongooseModule.forFeature([{ name: ContactDocument.name, schema: ContactSchema }])],
  providers: [ContactRepository, ContactService, ContactResolver],
  exports: [ContactService],
})
export class ContactModule {}
