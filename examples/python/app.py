"""A Python user's first cdk-privatelink app.

An isolated two-AZ VPC with an STS interface endpoint, a KMS key usable only through the KMS
interface endpoint that PrivateKmsAccess creates, and private S3 access for the VPC and an
on-premises network (S3HybridPrivateDns: gateway endpoint, inbound-only interface endpoint,
inbound Resolver endpoint and the custom resource that reads its addresses back), and an
internet-facing VPC inspected by a Gateway Load Balancer service of another account
(GwlbInspectionVpc: per-AZ application and endpoint subnets, GWLB endpoints, the edge route
table, and the custom resource that holds the routes until the endpoints are available).
test/smoke/python.test.ts runs this app in a fresh venv (the built wheel plus the floor
aws-cdk-lib) and compares its template with the same stack written in TypeScript.

Run it by hand:
    npx projen package:python && npx projen smoke:python:install
    CDK_OUTDIR=cdk.out.python .smoke/python/bin/python examples/python/app.py
"""
from aws_cdk import App, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam

import cdk_privatelink as privatelink

app = App()
stack = Stack(app, "PythonSmoke")

vpc = ec2.Vpc(
    stack,
    "Vpc",
    ip_addresses=ec2.IpAddresses.cidr("10.50.0.0/16"),
    max_azs=2,
    nat_gateways=0,
    subnet_configuration=[
        ec2.SubnetConfiguration(
            name="private",
            subnet_type=ec2.SubnetType.PRIVATE_ISOLATED,
            cidr_mask=24,
        )
    ],
)

privatelink.InterfaceEndpoint(
    stack,
    "Sts",
    vpc=vpc,
    service=ec2.InterfaceVpcEndpointAwsService.STS,
    policy=privatelink.EndpointPolicy.allow_accounts([stack.account]),
)

kms_access = privatelink.PrivateKmsAccess(
    stack,
    "Kms",
    vpc=vpc,
    create_key=True,
    key_alias="alias/python-smoke",
)

app_role = iam.Role(
    stack,
    "AppRole",
    assumed_by=iam.ServicePrincipal("ec2.amazonaws.com"),
)
kms_access.grant_encrypt_decrypt(app_role)

privatelink.S3HybridPrivateDns(
    stack,
    "S3",
    vpc=vpc,
    on_premises_cidrs=["10.100.0.0/16"],
)

inspection = privatelink.GwlbInspectionService.from_service_attributes(
    stack,
    "Inspection",
    service_name="com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
)
privatelink.GwlbInspectionVpc(
    stack,
    "Inspected",
    service=inspection,
    ipv4_cidr="10.60.0.0/16",
)

app.synth()
